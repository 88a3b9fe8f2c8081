package org.flowvault.sdk.vaultconfig;

import java.util.Locale;

/** How Flowvault logs in to a Vault server for a configuration. */
public enum AuthMethod {
    /** Each user's own Vault token, registered with {@link VaultConfigOperations#registerToken}. */
    USER_TOKEN,
    APPROLE,
    USERPASS,
    LDAP,
    /** One token shared by every user of the configuration. */
    SHARED_TOKEN;

    /** The method as the API writes it ({@code user_token}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * A method written as the API does, any case, {@code -} for {@code _}.
     *
     * @throws IllegalArgumentException listing the methods, for anything else
     */
    public static AuthMethod fromWire(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("an auth method is one of user_token, approle, userpass, ldap, shared_token");
        }
    }
}
