package org.flowvault.vault.client.auth;

import org.flowvault.vault.client.internal.VaultTransport;

/**
 * How the client obtains its token: a given token, or a login (AppRole, userpass, LDAP, TLS
 * certificate, Kubernetes, JWT/OIDC). Implementations are immutable and hold their credentials
 * without ever printing them.
 */
public interface Authentication {

    /** Logs in (or validates a given token) and returns the token with its lease. */
    LoginResult login(VaultTransport transport);

    /** Whether {@link #login} can be called again to get a fresh token (false for a given token). */
    boolean canLogIn();
}
