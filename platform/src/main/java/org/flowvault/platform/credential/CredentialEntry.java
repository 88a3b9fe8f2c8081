package org.flowvault.platform.credential;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A stored credential entry: a website login of one permissioned user, unique in its project by
 * ({@code domain}, {@code permissionedUserId}). The secret fields hold the ciphertexts the client
 * sent ({@code v2:KEYVERSION:HEX}, or the seed format's bare hex), never plaintext; a
 * provider-backed entry has {@link #vault()} instead and no secret fields. Immutable;
 * {@link #toString()} shows the entry's identity only.
 *
 * @param userName    ciphertext, or null
 * @param password    ciphertext, or null
 * @param tfaSecret   ciphertext of the TOTP secret (base32 or an otpauth URI), or null
 * @param proxy       ciphertext of the proxy (a JSON object or a URL string), or null
 * @param maxConcurrency the most runs using the entry at once when multiple sessions are allowed (null: no limit)
 * @param expireAfterLastUseDays runs refuse the entry this many days after its last use (null: never)
 * @param lastUsedAt  when a run last used it, or null
 */
public record CredentialEntry(UUID id, UUID projectId, String project, String domain, String permissionedUserId,
                              String userAlias, String userName, String password, String tfaSecret, TfaMethod tfaMethod,
                              boolean persistCookies, boolean persistLocalStorage, boolean persistSessionStorage,
                              boolean allowMultipleSessions, Integer maxConcurrency, boolean preventConcurrencyDuringLogin,
                              Integer expireAfterLastUseDays, String proxy, VaultSource vault,
                              Instant createdAt, Instant updatedAt, Instant lastUsedAt) {

    public CredentialEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(permissionedUserId, "permissionedUserId");
    }

    /** The stored ciphertext of secret field {@code field} ({@link EntryFields#SECRET}), or null. */
    public String ciphertext(String field) {
        return switch (field) {
            case EntryFields.USER_NAME -> userName;
            case EntryFields.PASSWORD -> password;
            case EntryFields.TFA_SECRET -> tfaSecret;
            case EntryFields.PROXY -> proxy;
            default -> throw new IllegalArgumentException("not a secret field: " + field);
        };
    }

    /** How many runs may use the entry at once: 1 without multiple sessions, else max_concurrency (0: no limit). */
    public int concurrencyLimit() {
        if (!allowMultipleSessions) {
            return 1;
        }
        return maxConcurrency == null ? 0 : maxConcurrency;
    }

    /** Whether runs must refuse the entry at {@code now}: unused for longer than its expiry allows. */
    public boolean expiredAt(Instant now) {
        if (expireAfterLastUseDays == null) {
            return false;
        }
        Instant since = lastUsedAt != null ? lastUsedAt : createdAt;
        return since != null && since.plus(java.time.Duration.ofDays(expireAfterLastUseDays)).isBefore(now);
    }

    /** How messages name the entry: its identity, never a value. */
    public String describe() {
        return "the credential entry (" + domain + ", " + permissionedUserId + ") of project " + project;
    }

    @Override
    public String toString() {
        return "CredentialEntry[" + id + ", " + domain + ", " + permissionedUserId + "]";
    }
}
