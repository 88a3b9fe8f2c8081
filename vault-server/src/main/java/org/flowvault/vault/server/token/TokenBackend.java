package org.flowvault.vault.server.token;

import org.flowvault.vault.server.core.Backend;
import org.flowvault.vault.server.core.MountContext;

/**
 * Vault's token auth method, mounted once per namespace at {@code auth/token/}: create (also
 * orphans), lookup, renew and revoke tokens by id, by accessor or for the caller itself, and
 * list accessors, and token roles ({@code roles/<name>}, {@code create/<name>}). Batch tokens
 * are refused with a 400 (deliberately unsupported; README, "Not supported"). Registered with the
 * core under the type name {@code "token"}.
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/token">Token auth method (API)</a>
 */
public final class TokenBackend {
    private TokenBackend() {
    }

    /** The backend of one {@code auth/token/} mount; it keeps no data of its own beyond the token store. */
    public static Backend create(MountContext ctx) {
        return new TokenPaths(ctx);
    }
}
