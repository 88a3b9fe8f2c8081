package org.flowvault.sdk.credential;

import java.time.Instant;
import java.util.Map;
import org.flowvault.sdk.Secret;

/**
 * A stored credential entry as the server answered it. When decrypted
 * ({@link CredentialFilter#decryptCredentials()}, the default) the SDK has decrypted the secret
 * fields with its credential key; otherwise they are null and {@link #ciphertexts()} holds the
 * stored forms. Either way a field that does not decrypt is an error, never a ciphertext in
 * place of a value. {@link #toString()} names the entry and which fields it holds, no value.
 *
 * @param ciphertexts the stored form of each encrypted field present, in the order {@code user_name},
 *                    {@code password}, {@code tfa_secret}, {@code proxy}, as the server holds it
 */
public record Credential(
        String id,
        String project,
        String domain,
        String permissionedUserId,
        String userAlias,
        Secret userName,
        Secret password,
        Secret tfaSecret,
        CredentialProxy proxy,
        TfaMethod tfaMethod,
        boolean persistCookies,
        boolean persistLocalStorage,
        boolean persistSessionStorage,
        boolean allowMultipleSessions,
        Integer maxConcurrency,
        boolean preventConcurrencyDuringLogin,
        Integer expireAfterLastUseDays,
        VaultReference vault,
        boolean decrypted,
        Map<String, String> ciphertexts,
        Instant createdAt,
        Instant updatedAt,
        Instant lastUsedAt) {

    public Credential {
        ciphertexts = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(ciphertexts));
    }

    /**
     * A builder holding this entry's values, to update some of them:
     * {@code credentials.update(c.toEntry().password("new").build())}.
     *
     * @throws IllegalStateException when the entry was read without decryption (its secrets are unknown)
     */
    public CredentialEntry.Builder toEntry() {
        if (!decrypted && !ciphertexts.isEmpty()) {
            throw new IllegalStateException("the entry was read with decryptCredentials false: read it decrypted to change it");
        }
        CredentialEntry.Builder b = CredentialEntry.builder(domain, permissionedUserId)
                .userName(userName).password(password).tfaSecret(tfaSecret).userAlias(userAlias).tfaMethod(tfaMethod)
                .persistCookies(persistCookies).persistLocalStorage(persistLocalStorage).persistSessionStorage(persistSessionStorage)
                .allowMultipleSessions(allowMultipleSessions).preventConcurrencyDuringLogin(preventConcurrencyDuringLogin)
                .proxy(proxy).vault(vault);
        if (maxConcurrency != null) {
            b.maxConcurrency(maxConcurrency);
        }
        if (expireAfterLastUseDays != null) {
            b.expireAfterLastUseDays(expireAfterLastUseDays);
        }
        return b;
    }

    /** The names of the secret fields the entry holds. */
    private java.util.List<String> fields() {
        java.util.TreeSet<String> names = new java.util.TreeSet<>(ciphertexts.keySet());
        if (userName != null) {
            names.add("user_name");
        }
        if (password != null) {
            names.add("password");
        }
        if (tfaSecret != null) {
            names.add("tfa_secret");
        }
        if (proxy != null) {
            names.add("proxy");
        }
        return java.util.List.copyOf(names);
    }

    @Override
    public String toString() {
        return "Credential[id=" + id + ", project=" + project + ", domain=" + domain + ", permissionedUserId=" + permissionedUserId
                + (userAlias == null ? "" : ", userAlias=" + userAlias) + ", fields=" + fields()
                + (vault == null ? "" : ", vault=" + vault.config() + ":" + vault.path())
                + ", decrypted=" + decrypted + "]";
    }
}
