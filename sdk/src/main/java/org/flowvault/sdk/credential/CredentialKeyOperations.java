package org.flowvault.sdk.credential;

import java.util.List;

/**
 * A project's credential key versions ({@code /api/v1/projects/{p}/credential-key}). Listing is
 * for members; generating, importing, rotating and re-encrypting are for admins. The server
 * keeps each version wrapped by its master key and shows a generated key once.
 */
public interface CredentialKeyOperations {
    /** The key versions, oldest first (never a key). */
    List<KeyVersion> versions();

    /** Generates the project's first key (or a new current version); the answer holds the key, shown only now. */
    NewCredentialKey generate();

    /**
     * Imports {@code key} (e.g. the seed product's 64 hex characters) as the new current version.
     *
     * @return the version it became
     */
    int importKey(CredentialKey key);

    /** A new current version; older versions keep decrypting until {@link #reencrypt()} retires them. */
    NewCredentialKey rotate();

    /** Re-encrypts every entry under the current version (v1 fields become v2), then retires the older versions. */
    Reencryption reencrypt();
}
