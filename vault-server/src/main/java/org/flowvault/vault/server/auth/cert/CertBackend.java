package org.flowvault.vault.server.auth.cert;

import org.flowvault.vault.server.core.Backend;
import org.flowvault.vault.server.core.MountContext;

/**
 * Vault's TLS certificate auth method: {@code login} takes the client certificate the caller
 * presented in the TLS handshake (the HTTPS listener asks every client for one and requires
 * none), checks that it is within validity and chains to a certificate configured under
 * {@code certs/<name>} (a CA, or the leaf itself), and that it satisfies that entry's allowed
 * names. Registered under the type name {@code "cert"}.
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/cert">TLS certificate auth method (API)</a>
 */
public final class CertBackend {
    private CertBackend() {
    }

    /** The backend of one cert mount; trusted certificates live in the mount's storage. */
    public static Backend create(MountContext ctx) {
        return new CertPaths(ctx);
    }
}
