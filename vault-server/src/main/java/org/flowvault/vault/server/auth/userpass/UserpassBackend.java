package org.flowvault.vault.server.auth.userpass;

import org.flowvault.vault.server.core.Backend;
import org.flowvault.vault.server.core.MountContext;

/**
 * Vault's userpass auth method: users with a password and token parameters, and
 * {@code login/<username>}. Passwords are kept only as salted PBKDF2-HMAC-SHA256 hashes (Vault
 * uses bcrypt, which the JDK lacks). User names are case-insensitive, as in Vault. Registered with
 * the core under the type name {@code "userpass"}.
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/userpass">Userpass auth method (API)</a>
 */
public final class UserpassBackend {
    private UserpassBackend() {
    }

    /** The backend of one userpass mount; users live in the mount's storage. */
    public static Backend create(MountContext ctx) {
        return new UserpassPaths(ctx);
    }
}
