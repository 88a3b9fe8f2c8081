package org.flowvault.sdk.vaultconfig;

import java.util.Locale;

/** How Flowvault logs in to a Vault server for a configuration. */
public enum AuthMethod {
    /** Each user's own Vault token, registered with {@link VaultConfigOperations#registerToken}. */
    USER_TOKEN,
    APPROLE,
    USERPASS,
    LDAP,
    /** One token shared by every user of the configuration; the server renews it. */
    SHARED_TOKEN,
    /** The server's Kubernetes service-account JWT (a file read at each login). */
    KUBERNETES,
    /** A JWT from a file or an environment variable of the server, for a JWT/OIDC role. */
    JWT,
    /** A TLS client certificate and key, set with {@link VaultCredentials#certificate}. */
    CERT;

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
            throw new IllegalArgumentException("an auth method is one of user_token, approle, userpass, ldap, shared_token, kubernetes, jwt, cert");
        }
    }
}
