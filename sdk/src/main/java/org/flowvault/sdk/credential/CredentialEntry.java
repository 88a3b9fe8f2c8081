package org.flowvault.sdk.credential;

import org.flowvault.sdk.Secret;

/**
 * What to store in a credential entry, in plaintext: the SDK encrypts {@code userName},
 * {@code password}, {@code tfaSecret} and {@code proxy} before they leave the process. Fields left
 * null are not sent (the server keeps or defaults them). Built with {@link #builder(String, String)};
 * the constructor checks every rule, so an instance is always valid. {@link #toString()} never
 * shows a secret.
 *
 * @param domain                        the site the login is for, e.g. {@code https://portal.example.com}
 * @param permissionedUserId            your id of the end user the login belongs to; runs name the entry by it
 * @param userName                      the login's user name (secret: encrypted)
 * @param password                      the login's password (encrypted)
 * @param tfaSecret                     the TOTP secret, base32 or an {@code otpauth://} URI (encrypted)
 * @param userAlias                     a label for people, e.g. {@code John's account}
 * @param tfaMethod                     how the second factor is obtained
 * @param persistCookies                keep the HTTP cookie jar from one run to the next
 * @param persistLocalStorage           keep a browser's local storage between runs
 * @param persistSessionStorage         keep a browser's session storage between runs
 * @param allowMultipleSessions         allow several runs with this entry at once (false: one at a time)
 * @param maxConcurrency                at most this many runs at once (from 1)
 * @param preventConcurrencyDuringLogin let only one run at a time through the login step
 * @param expireAfterLastUseDays        forget persisted cookies and storage this many days after the last use (from 1)
 * @param proxy                         the proxy runs use (encrypted)
 * @param vault                         instead of the fields above, read them from a Vault secret at run time
 */
public record CredentialEntry(
        String domain,
        String permissionedUserId,
        Secret userName,
        Secret password,
        Secret tfaSecret,
        String userAlias,
        TfaMethod tfaMethod,
        Boolean persistCookies,
        Boolean persistLocalStorage,
        Boolean persistSessionStorage,
        Boolean allowMultipleSessions,
        Integer maxConcurrency,
        Boolean preventConcurrencyDuringLogin,
        Integer expireAfterLastUseDays,
        CredentialProxy proxy,
        VaultReference vault) {

    public CredentialEntry {
        if (domain == null || domain.isBlank()) {
            throw new IllegalArgumentException("domain is required: the site the login is for, e.g. https://portal.example.com");
        }
        if (permissionedUserId == null || permissionedUserId.isBlank()) {
            throw new IllegalArgumentException("permissionedUserId is required: your id of the user the login belongs to");
        }
        if (maxConcurrency != null && maxConcurrency < 1) {
            throw new IllegalArgumentException("maxConcurrency is at least 1");
        }
        if (maxConcurrency != null && maxConcurrency > 1 && Boolean.FALSE.equals(allowMultipleSessions)) {
            throw new IllegalArgumentException("maxConcurrency above 1 needs allowMultipleSessions(true)");
        }
        if (expireAfterLastUseDays != null && expireAfterLastUseDays < 1) {
            throw new IllegalArgumentException("expireAfterLastUseDays is at least 1");
        }
        if (vault != null && (userName != null || password != null || tfaSecret != null)) {
            throw new IllegalArgumentException("an entry holds its own userName/password/tfaSecret or a vault reference, not both");
        }
    }

    /** A builder for the entry of {@code domain} and {@code permissionedUserId}. */
    public static Builder builder(String domain, String permissionedUserId) {
        return new Builder(domain, permissionedUserId);
    }

    /** A builder holding this entry's values, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder(domain, permissionedUserId);
        b.userName = userName;
        b.password = password;
        b.tfaSecret = tfaSecret;
        b.userAlias = userAlias;
        b.tfaMethod = tfaMethod;
        b.persistCookies = persistCookies;
        b.persistLocalStorage = persistLocalStorage;
        b.persistSessionStorage = persistSessionStorage;
        b.allowMultipleSessions = allowMultipleSessions;
        b.maxConcurrency = maxConcurrency;
        b.preventConcurrencyDuringLogin = preventConcurrencyDuringLogin;
        b.expireAfterLastUseDays = expireAfterLastUseDays;
        b.proxy = proxy;
        b.vault = vault;
        return b;
    }

    /** Collects an entry's values; {@link #build()} checks them. Not thread-safe. */
    public static final class Builder {
        private final String domain;
        private final String permissionedUserId;
        private Secret userName;
        private Secret password;
        private Secret tfaSecret;
        private String userAlias;
        private TfaMethod tfaMethod;
        private Boolean persistCookies;
        private Boolean persistLocalStorage;
        private Boolean persistSessionStorage;
        private Boolean allowMultipleSessions;
        private Integer maxConcurrency;
        private Boolean preventConcurrencyDuringLogin;
        private Integer expireAfterLastUseDays;
        private CredentialProxy proxy;
        private VaultReference vault;

        private Builder(String domain, String permissionedUserId) {
            this.domain = domain;
            this.permissionedUserId = permissionedUserId;
        }

        public Builder userName(String userName) {
            return userName(Secret.ofNullable(userName));
        }

        public Builder userName(Secret userName) {
            this.userName = userName;
            return this;
        }

        public Builder password(String password) {
            return password(Secret.ofNullable(password));
        }

        public Builder password(Secret password) {
            this.password = password;
            return this;
        }

        public Builder tfaSecret(String tfaSecret) {
            return tfaSecret(Secret.ofNullable(tfaSecret));
        }

        public Builder tfaSecret(Secret tfaSecret) {
            this.tfaSecret = tfaSecret;
            return this;
        }

        public Builder userAlias(String userAlias) {
            this.userAlias = userAlias;
            return this;
        }

        public Builder tfaMethod(TfaMethod tfaMethod) {
            this.tfaMethod = tfaMethod;
            return this;
        }

        public Builder persistCookies(boolean persistCookies) {
            this.persistCookies = persistCookies;
            return this;
        }

        public Builder persistLocalStorage(boolean persistLocalStorage) {
            this.persistLocalStorage = persistLocalStorage;
            return this;
        }

        public Builder persistSessionStorage(boolean persistSessionStorage) {
            this.persistSessionStorage = persistSessionStorage;
            return this;
        }

        public Builder allowMultipleSessions(boolean allowMultipleSessions) {
            this.allowMultipleSessions = allowMultipleSessions;
            return this;
        }

        public Builder maxConcurrency(int maxConcurrency) {
            this.maxConcurrency = maxConcurrency;
            return this;
        }

        public Builder preventConcurrencyDuringLogin(boolean preventConcurrencyDuringLogin) {
            this.preventConcurrencyDuringLogin = preventConcurrencyDuringLogin;
            return this;
        }

        public Builder expireAfterLastUseDays(int days) {
            this.expireAfterLastUseDays = days;
            return this;
        }

        public Builder proxy(CredentialProxy proxy) {
            this.proxy = proxy;
            return this;
        }

        public Builder vault(VaultReference vault) {
            this.vault = vault;
            return this;
        }

        /** @throws IllegalArgumentException naming the rule a value breaks (never the value) */
        public CredentialEntry build() {
            return new CredentialEntry(domain, permissionedUserId, userName, password, tfaSecret, userAlias, tfaMethod,
                    persistCookies, persistLocalStorage, persistSessionStorage, allowMultipleSessions, maxConcurrency,
                    preventConcurrencyDuringLogin, expireAfterLastUseDays, proxy, vault);
        }
    }
}
