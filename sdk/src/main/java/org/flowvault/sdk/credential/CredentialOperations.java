package org.flowvault.sdk.credential;

import java.util.List;
import java.util.Optional;

/**
 * A project's credential vault ({@code /api/v1/projects/{p}/credentials}): website logins that
 * runs use on a user's behalf. The SDK encrypts every secret field with the client's credential
 * key before it is sent (format v2 unless the client was built to write v1) and decrypts what it
 * reads, so the server never receives plaintext from it.
 *
 * <p>Calls that encrypt or decrypt need the client's credential key and throw
 * {@link IllegalStateException} saying how to give one when it has none. Server refusals are
 * {@link org.flowvault.sdk.FlowvaultException}s ({@link org.flowvault.sdk.ConflictException} for
 * a duplicate entry, {@link org.flowvault.sdk.NotFoundException}...); a field that does not
 * decrypt is a {@link CredentialDecryptionException} naming the entry and field. Thread-safe.
 */
public interface CredentialOperations {
    /** The project these operations work in. */
    String project();

    /**
     * Stores a new entry, unique by domain and permissioned user id.
     *
     * @return the stored entry, decrypted when the client has a key
     * @throws org.flowvault.sdk.ConflictException when the project has an entry for that domain and user id
     */
    Credential create(CredentialEntry entry);

    /** Every entry of the project, decrypted. */
    List<Credential> get();

    /** The entries {@code filter} selects (all, or the one of a domain and user id), decrypted unless it says not. */
    List<Credential> get(CredentialFilter filter);

    /** The decrypted entry of {@code domain} and {@code permissionedUserId}, or empty. */
    Optional<Credential> find(String domain, String permissionedUserId);

    /**
     * The entry with id {@code id}.
     *
     * @throws org.flowvault.sdk.NotFoundException when there is none (or it is another project's)
     */
    Credential getById(String id, boolean decryptCredentials);

    /**
     * Replaces the entry of the same domain and permissioned user id. As in the seed product, the
     * user name and password are required (unless the entry reads them from Vault).
     *
     * @throws IllegalArgumentException when the user name or password is missing
     * @throws org.flowvault.sdk.NotFoundException when there is no such entry
     */
    Credential update(CredentialEntry entry);

    /**
     * Deletes the entry of {@code domain} and {@code permissionedUserId}.
     *
     * @throws org.flowvault.sdk.NotFoundException when there is none
     */
    void delete(String domain, String permissionedUserId);

    /** Deletes the entry with id {@code id}. */
    void deleteById(String id);

    /**
     * The entry's current TOTP code and how long it stays valid, computed by the server (which
     * needs the caller to hold the project's {@code credentials:decrypt} permission).
     */
    TotpCode totp(String domain, String permissionedUserId);

    /** The project's credential key versions. */
    CredentialKeyOperations keys();
}
