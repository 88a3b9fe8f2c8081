package org.flowvault.vault.server.auth.approle;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowvault.vault.server.auth.Cidrs;
import org.flowvault.vault.server.core.LoginAuth;
import org.flowvault.vault.server.core.MountContext;
import org.flowvault.vault.server.core.Request;
import org.flowvault.vault.server.core.Response;
import org.flowvault.vault.server.core.VaultError;

/**
 * {@code login}: role ID (and, when the role binds one, a secret ID) for a token. A secret ID
 * with limited uses loses one per login and disappears with its last; an expired one is gone.
 * Every credential failure is Vault's 400 "invalid role or secret ID", which tells an attacker
 * nothing about which half was wrong.
 */
final class AppRoleLogin {
    private static final String INVALID = "invalid role or secret ID";

    private final MountContext ctx;
    private final AppRoleStore store;

    AppRoleLogin(MountContext ctx, AppRoleStore store) {
        this.ctx = ctx;
        this.store = store;
    }

    Response login(Request r) {
        String roleId = r.string("role_id").trim();
        if (roleId.isEmpty()) {
            // Vault fails in its alias lookahead here, before the login handler: a 500.
            throw VaultError.of(500, "missing role_id");
        }
        String name = store.roleNameForRoleId(roleId);
        AppRole role = name == null ? null : store.role(name);
        if (role == null) {
            throw VaultError.badRequest(INVALID);
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        List<String> tokenCidrs = role.token().boundCidrs();
        if (role.bindSecretId()) {
            SecretIdEntry entry = useSecretId(r, role);
            metadata.putAll(entry.metadata());
            if (!entry.tokenBoundCidrs().isEmpty()) {
                tokenCidrs = entry.tokenBoundCidrs();
            }
        }
        if (!Cidrs.admits(role.boundCidrs(), r.remoteAddress())) {
            throw VaultError.badRequest("source address \"" + r.remoteAddress() + "\" unauthorized by CIDR restrictions on the role");
        }
        metadata.put("role_name", role.name());
        LoginAuth auth = role.token().login(metadata, "", List.of(), ctx.maxTtl());
        return Response.login(new LoginAuth(auth.policies(), auth.metadata(), auth.displayName(), auth.ttl(), auth.maxTtl(),
                auth.explicitMaxTtl(), auth.period(), auth.numUses(), auth.renewable(), auth.noDefaultPolicy(), tokenCidrs));
    }

    /** Validates the secret ID and counts one use of it; the entry as it was before the use. */
    private SecretIdEntry useSecretId(Request r, AppRole role) {
        String secretId = r.string("secret_id").trim();
        if (secretId.isEmpty()) {
            throw VaultError.badRequest("missing secret_id");
        }
        Instant now = ctx.clock().instant();
        synchronized (store.lock) {
            String key = store.secretIdKey(role, secretId);
            SecretIdEntry entry = store.liveSecretIdAt(key, now);
            if (entry == null || store.accessor(entry.accessor()) == null) {
                throw VaultError.badRequest(INVALID);
            }
            if (!Cidrs.admits(entry.cidrList(), r.remoteAddress())) {
                throw VaultError.badRequest("source address \"" + r.remoteAddress()
                        + "\" unauthorized through CIDR restrictions on the secret ID");
            }
            if (entry.numUses() == 1) {
                store.deleteSecretId(key, entry);
            } else if (entry.numUses() > 1) {
                store.putSecretId(key, entry.used(now));
            }
            return entry;
        }
    }
}
