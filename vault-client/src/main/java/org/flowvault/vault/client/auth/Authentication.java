package org.flowvault.vault.client.auth;

import org.flowvault.vault.client.internal.VaultTransport;

/**
 * How the client obtains its token: a given token ({@link TokenAuthentication}), or a login
 * ({@link AppRoleAuthentication}, {@link UserpassAuthentication}, {@link LdapAuthentication},
 * {@link CertAuthentication}, {@link KubernetesAuthentication}, {@link JwtAuthentication}).
 * Implementations are immutable (apart from caches they document), thread-safe, and hold their
 * credentials without ever printing them: {@code toString()} shows the method, mount and
 * non-secret settings only.
 *
 * <p>A {@link org.flowvault.vault.client.session.Session} calls {@link #login} when it needs a
 * token and again when the token can no longer be renewed.
 */
public interface Authentication {

    /**
     * Logs in (or validates a given token) and returns the token with its lease.
     *
     * @throws org.flowvault.vault.client.VaultException.LoginFailed when Vault refuses the
     *         credentials or the request (the message names the method and mount and carries
     *         Vault's errors, never a credential)
     * @throws org.flowvault.vault.client.VaultException.Unavailable or
     *         {@link org.flowvault.vault.client.VaultException.Sealed} when Vault could not be
     *         asked: a later attempt may succeed
     */
    LoginResult login(VaultTransport transport);

    /** Whether {@link #login} can be called again to get a fresh token (false for a given token). */
    boolean canLogIn();

    /**
     * The namespace to log in in (Vault Enterprise / OpenBao), which is also where the token
     * lives and is renewed and revoked: {@code null} for the transport's configured namespace,
     * {@code ""} for the root namespace. Data calls may use another (child) namespace.
     */
    default String namespace() {
        return null;
    }
}
