package org.flowvault.vault.server.auth.approle;

import org.flowvault.vault.server.core.Backend;
import org.flowvault.vault.server.core.MountContext;

/**
 * Vault's AppRole auth method: roles with a role ID and secret IDs (generated or custom, limited
 * by uses, TTL and CIDR blocks) that machines exchange for a token at {@code login}. Secret IDs
 * are stored under an HMAC of their value, never in plain text. Registered with the core under
 * the type name {@code "approle"}.
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/approle">AppRole auth method (API)</a>
 */
public final class AppRoleBackend {
    private AppRoleBackend() {
    }

    /** The backend of one AppRole mount; all its state lives in the mount's storage. */
    public static Backend create(MountContext ctx) {
        return new AppRolePaths(ctx);
    }
}
