package org.flowvault.platform.credential;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The fields of an entry as a client gives them on create or update. Secret fields are the
 * client's ciphertexts, stored as given (never decrypted on create or update). A null field was
 * not given: create uses the default, update keeps the current value; a field named in
 * {@link #cleared()} was given as JSON null and is removed on update. Build with
 * {@link #builder()}; {@link Credentials} validates. {@link #toString()} shows the identity only.
 */
public record EntryInput(String domain, String permissionedUserId, String userAlias, String userName, String password,
                         String tfaSecret, TfaMethod tfaMethod, Boolean persistCookies, Boolean persistLocalStorage,
                         Boolean persistSessionStorage, Boolean allowMultipleSessions, Integer maxConcurrency,
                         Boolean preventConcurrencyDuringLogin, Integer expireAfterLastUseDays, String proxy,
                         VaultSource vault, Set<String> cleared) {

    public EntryInput {
        cleared = cleared == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(cleared));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether {@code field} was given as null (to be removed on update). */
    public boolean clears(String field) {
        return cleared.contains(field);
    }

    @Override
    public String toString() {
        return "EntryInput[" + domain + ", " + permissionedUserId + "]";
    }

    /** Collects the fields of an {@link EntryInput}; not thread-safe. */
    public static final class Builder {
        private String domain;
        private String permissionedUserId;
        private String userAlias;
        private String userName;
        private String password;
        private String tfaSecret;
        private TfaMethod tfaMethod;
        private Boolean persistCookies;
        private Boolean persistLocalStorage;
        private Boolean persistSessionStorage;
        private Boolean allowMultipleSessions;
        private Integer maxConcurrency;
        private Boolean preventConcurrencyDuringLogin;
        private Integer expireAfterLastUseDays;
        private String proxy;
        private VaultSource vault;
        private final Set<String> cleared = new LinkedHashSet<>();

        private Builder() {
        }

        public Builder domain(String v) { domain = v; return this; }

        public Builder permissionedUserId(String v) { permissionedUserId = v; return this; }

        public Builder userAlias(String v) { userAlias = v; return this; }

        public Builder userName(String ciphertext) { userName = ciphertext; return this; }

        public Builder password(String ciphertext) { password = ciphertext; return this; }

        public Builder tfaSecret(String ciphertext) { tfaSecret = ciphertext; return this; }

        public Builder tfaMethod(TfaMethod v) { tfaMethod = v; return this; }

        public Builder persistCookies(Boolean v) { persistCookies = v; return this; }

        public Builder persistLocalStorage(Boolean v) { persistLocalStorage = v; return this; }

        public Builder persistSessionStorage(Boolean v) { persistSessionStorage = v; return this; }

        public Builder allowMultipleSessions(Boolean v) { allowMultipleSessions = v; return this; }

        public Builder maxConcurrency(Integer v) { maxConcurrency = v; return this; }

        public Builder preventConcurrencyDuringLogin(Boolean v) { preventConcurrencyDuringLogin = v; return this; }

        public Builder expireAfterLastUseDays(Integer v) { expireAfterLastUseDays = v; return this; }

        public Builder proxy(String ciphertext) { proxy = ciphertext; return this; }

        public Builder vault(VaultSource v) { vault = v; return this; }

        /** Marks {@code field} (its API name, e.g. {@code tfa_secret}) as given as null: update removes it. */
        public Builder clear(String field) { cleared.add(Objects.requireNonNull(field, "field")); return this; }

        public EntryInput build() {
            return new EntryInput(domain, permissionedUserId, userAlias, userName, password, tfaSecret, tfaMethod, persistCookies,
                    persistLocalStorage, persistSessionStorage, allowMultipleSessions, maxConcurrency, preventConcurrencyDuringLogin,
                    expireAfterLastUseDays, proxy, vault, cleared);
        }
    }
}
