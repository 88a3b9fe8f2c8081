package org.flowvault.vault.server.auth.jwt;

import org.flowvault.vault.server.core.Backend;
import org.flowvault.vault.server.core.MountContext;

/**
 * Vault's JWT auth method (types {@code jwt} and {@code oidc}, JWT login only): {@code login}
 * takes a signed JWT and a role, verifies the signature with the configured PEM keys or the keys
 * at {@code jwks_url} (JDK signatures: RSA, RSA-PSS, ECDSA, Ed25519), checks issuer, times,
 * audience, subject and bound claims, and issues a token named after the role's user claim.
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/jwt">JWT/OIDC auth method (API)</a>
 */
public final class JwtBackend {
    private JwtBackend() {
    }

    /** The backend of one jwt mount; config and roles live in the mount's storage. */
    public static Backend create(MountContext ctx) {
        return new JwtPaths(ctx);
    }
}
