package org.flowvault.vault.server.auth.ldap;

import org.flowvault.vault.server.core.Backend;
import org.flowvault.vault.server.core.MountContext;

/**
 * Vault's LDAP auth method: {@code login/<username>} binds to the configured directory as the user,
 * collects the user's groups with the configured group filter, and maps groups (and the user) to
 * policies defined under {@code groups/} and {@code users/}. The directory client is the UnboundID
 * LDAP SDK. Registered with the core under the type name {@code "ldap"}.
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/ldap">LDAP auth method (API)</a>
 */
public final class LdapBackend {
    private LdapBackend() {
    }

    /** The backend of one LDAP mount; configuration and mappings live in the mount's storage. */
    public static Backend create(MountContext ctx) {
        return new LdapPaths(ctx);
    }
}
