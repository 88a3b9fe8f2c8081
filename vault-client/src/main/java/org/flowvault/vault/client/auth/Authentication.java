package org.flowvault.vault.client.auth;

import org.flowvault.vault.client.internal.Access;
import org.flowvault.vault.client.internal.LoginResult;
import org.flowvault.vault.client.internal.VaultTransport;

/**
 * How the client obtains its token: a given token ({@link TokenAuthentication}), or a login
 * ({@link AppRoleAuthentication}, {@link PasswordAuthentication} for userpass and LDAP,
 * {@link CertAuthentication}, {@link KubernetesAuthentication}, {@link JwtAuthentication}). Pass
 * one to {@link org.flowvault.vault.client.VaultClient.Builder#authentication}; the client logs in
 * lazily, renews the token, logs in again when it can no longer be renewed, and revokes a token it
 * obtained on close.
 *
 * <p>The set of methods is closed (the constructor is package-private): the login call itself is
 * the client's business, so the transport never appears in the API. Implementations are
 * immutable (apart from caches they document), thread-safe, and hold their credentials without
 * ever printing them: {@code toString()} shows the method, mount and non-secret settings only.
 * A refused login raises {@link org.flowvault.vault.client.VaultException.LoginFailed} naming the
 * method and mount with Vault's errors, never a credential.
 *
 * <p>Nulls: arguments are required unless a parameter says null is allowed; results are never
 * null unless documented ("or null").
 */
public abstract class Authentication {
    static {
        Access.login((authentication, transport) -> ((Authentication) authentication).login(transport));
    }

    private final String namespace;

    Authentication(String namespace) {
        this.namespace = namespace;
    }

    /**
     * Logs in (or validates a given token) and returns the token with its lease.
     *
     * @throws org.flowvault.vault.client.VaultException.LoginFailed when Vault refuses the
     *         credentials or the request
     * @throws org.flowvault.vault.client.VaultException.Unavailable or
     *         {@link org.flowvault.vault.client.VaultException.Sealed} when Vault could not be
     *         asked: a later attempt may succeed
     */
    abstract LoginResult login(VaultTransport transport);

    /** Whether the client can log in again to get a fresh token (false for a given token). */
    public abstract boolean canLogIn();

    /**
     * The namespace to log in in (Vault Enterprise / OpenBao), which is also where the token
     * lives and is renewed and revoked: {@code null} for the client's configured namespace,
     * {@code ""} for the root namespace. Data calls may use another (child) namespace.
     */
    public final String namespace() {
        return namespace;
    }

    /** The namespace for {@code toString()}: nothing when it is the client's. */
    final String describeNamespace() {
        return namespace == null ? "" : ", namespace=" + namespace;
    }

    /**
     * The options every login method shares — where the method is mounted and the namespace to log
     * in in — with Vault's default mount for the method. Not thread-safe; {@code build()} checks.
     *
     * @param <B> the concrete builder, returned for chaining
     */
    public abstract static class LoginBuilder<B extends LoginBuilder<B>> {
        String mount;
        String namespace;

        LoginBuilder(String defaultMount) {
            this.mount = defaultMount;
        }

        /** Where the method is mounted, without {@code auth/}; the method's Vault default unless set. */
        public final B mount(String mount) {
            this.mount = mount;
            return self();
        }

        /** The namespace to log in in: null (default) for the client's, "" (or "root") for the root namespace. */
        public final B namespace(String namespace) {
            this.namespace = namespace;
            return self();
        }

        /** Checks and normalizes the mount and namespace; @throws IllegalArgumentException naming the bad option */
        final void checkTarget(String method) {
            mount = Logins.mount(method, mount);
            namespace = Logins.namespace(namespace);
        }

        @SuppressWarnings("unchecked")
        private B self() {
            return (B) this;
        }
    }
}
