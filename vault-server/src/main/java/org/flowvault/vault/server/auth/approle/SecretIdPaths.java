package org.flowvault.vault.server.auth.approle;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flowvault.vault.server.auth.Cidrs;
import org.flowvault.vault.server.core.MountContext;
import org.flowvault.vault.server.core.Request;
import org.flowvault.vault.server.core.Response;
import org.flowvault.vault.server.core.VaultError;

/**
 * Secret ID handlers: generate, register a custom one, list accessors, look up and destroy by
 * value or by accessor, tidy. A secret ID value appears only in the generate response; errors
 * name the role or the accessor, never the secret.
 */
final class SecretIdPaths {
    private final MountContext ctx;
    private final AppRoleStore store;

    SecretIdPaths(MountContext ctx, AppRoleStore store) {
        this.ctx = ctx;
        this.store = store;
    }

    Response generate(Request r) {
        return register(r, UUID.randomUUID().toString());
    }

    Response custom(Request r) {
        return register(r, r.string("secret_id"));
    }

    private Response register(Request r, String secretId) {
        String name = r.param("role");
        if (secretId.isEmpty()) {
            throw VaultError.badRequest("missing secret_id");
        }
        AppRole role = store.role(name);
        if (role == null) {
            throw VaultError.of(404, "role \"" + name + "\" does not exist");
        }
        if (!role.bindSecretId()) {
            throw VaultError.badRequest("bind_secret_id is not set on the role");
        }
        List<String> cidrs = r.stringList("cidr_list");
        if (!Cidrs.valid(cidrs)) {
            throw VaultError.badRequest("failed to validate CIDR blocks");
        }
        if (!Cidrs.subset(cidrs, role.boundCidrs())) {
            throw VaultError.of(500, "failed to verify the CIDR restrictions set on the secret ID: CIDR blocks on the secret ID "
                    + cidrs + " should be a subset of CIDR blocks on the role " + role.boundCidrs());
        }
        List<String> tokenCidrs = r.stringList("token_bound_cidrs");
        if (!Cidrs.valid(tokenCidrs)) {
            throw VaultError.badRequest("failed to validate token CIDR blocks");
        }
        if (!Cidrs.subset(tokenCidrs, role.token().boundCidrs())) {
            throw VaultError.of(500, "failed to verify the CIDR restrictions set on the secret ID: CIDR blocks on the secret ID "
                    + tokenCidrs + " should be a subset of CIDR blocks on the role " + role.token().boundCidrs());
        }
        int numUses = role.secretIdNumUses();
        if (r.has("num_uses")) {
            numUses = (int) r.integer("num_uses", 0);
            if (numUses < 0) {
                throw VaultError.badRequest("num_uses cannot be negative");
            }
            if ((numUses == 0 && role.secretIdNumUses() > 0) || (role.secretIdNumUses() > 0 && numUses > role.secretIdNumUses())) {
                throw VaultError.badRequest("num_uses cannot be higher than the role's secret_id_num_uses");
            }
        }
        long ttl = role.secretIdTtl();
        if (r.has("ttl")) {
            ttl = r.duration("ttl", Duration.ZERO).toSeconds();
            if ((ttl == 0 && role.secretIdTtl() > 0) || (role.secretIdTtl() > 0 && ttl > role.secretIdTtl())) {
                throw VaultError.badRequest("ttl cannot be longer than the role's secret_id_ttl");
            }
        }
        Map<String, String> metadata = SecretIdMetadata.parse(r);
        // Vault caps a secret ID's lifetime at the mount's max lease TTL.
        long effectiveTtl = Math.min(ttl, ctx.maxTtl().toSeconds());
        Instant now = ctx.clock().instant();
        SecretIdEntry entry;
        synchronized (store.lock) {
            String accessor;
            do {
                accessor = UUID.randomUUID().toString();
            } while (store.accessorTaken(accessor));
            entry = new SecretIdEntry(accessor, numUses, ttl, now.toString(),
                    effectiveTtl > 0 ? now.plusSeconds(effectiveTtl).toString() : null, now.toString(), metadata, cidrs,
                    tokenCidrs);
            store.registerSecretId(role, secretId, entry);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("secret_id", secretId);
        data.put("secret_id_accessor", entry.accessor());
        data.put("secret_id_num_uses", numUses);
        data.put("secret_id_ttl", effectiveTtl);
        return Response.data(data);
    }

    Response list(Request r) {
        AppRole role = existing(r, 400);
        List<String> accessors = new ArrayList<>();
        synchronized (store.lock) {
            for (String key : store.secretIdKeys(role, ctx.clock().instant())) {
                SecretIdEntry e = store.secretIdAt(key);
                if (e != null) {
                    accessors.add(e.accessor());
                }
            }
        }
        if (accessors.isEmpty()) {
            throw VaultError.notFound();
        }
        accessors.sort(null);
        return Response.data(Map.of("keys", accessors));
    }

    Response lookup(Request r) {
        String secretId = requireSecretId(r);
        AppRole role = existing(r, 500);
        synchronized (store.lock) {
            SecretIdEntry e = store.liveSecretIdAt(store.secretIdKey(role, secretId), ctx.clock().instant());
            return e == null ? Response.empty() : Response.data(e.view());
        }
    }

    Response destroy(Request r) {
        String secretId = requireSecretId(r);
        AppRole role = existing(r, 500);
        synchronized (store.lock) {
            String key = store.secretIdKey(role, secretId);
            SecretIdEntry e = store.secretIdAt(key);
            if (e != null) {
                store.deleteSecretId(key, e);
            }
        }
        return Response.empty();
    }

    Response lookupByAccessor(Request r) {
        String accessor = requireAccessor(r);
        AppRole role = existing(r, 500);
        synchronized (store.lock) {
            AppRoleStore.AccessorIndex index = store.accessor(accessor);
            if (index == null || !index.role().equals(role.name())) {
                // Vault answers 404 with the message in the data, not in "errors".
                return Response.data(Map.of("error", notFound(accessor))).status(404);
            }
            SecretIdEntry e = store.liveSecretIdAt(store.secretIdKeyByHmac(role, index.secretIdHmac()), ctx.clock().instant());
            return e == null ? Response.empty() : Response.data(e.view());
        }
    }

    Response destroyByAccessor(Request r) {
        String accessor = requireAccessor(r);
        AppRole role = existing(r, 500);
        synchronized (store.lock) {
            AppRoleStore.AccessorIndex index = store.accessor(accessor);
            if (index == null || !index.role().equals(role.name())) {
                throw VaultError.of(500, notFound(accessor));
            }
            String key = store.secretIdKeyByHmac(role, index.secretIdHmac());
            SecretIdEntry e = store.secretIdAt(key);
            if (e == null) {
                throw VaultError.of(403, "invalid secret id accessor");
            }
            store.deleteSecretId(key, e);
        }
        return Response.empty();
    }

    /** Removes expired secret IDs of every role; Vault runs this in the background and answers 202. */
    Response tidy(Request r) {
        Instant now = ctx.clock().instant();
        synchronized (store.lock) {
            for (String name : store.roleNames()) {
                AppRole role = store.role(name);
                if (role != null) {
                    store.secretIdKeys(role, now);
                }
            }
        }
        return Response.empty().warning("Tidy operation successfully started. Any information from the operation will be"
                + " printed to Vault's server logs.").status(202);
    }

    private AppRole existing(Request r, int status) {
        String name = r.param("role");
        AppRole role = store.role(name);
        if (role == null) {
            throw VaultError.of(status, "role \"" + name + "\" does not exist");
        }
        return role;
    }

    private static String requireSecretId(Request r) {
        String secretId = r.string("secret_id");
        if (secretId.isEmpty()) {
            throw VaultError.badRequest("missing secret_id");
        }
        return secretId;
    }

    private static String requireAccessor(Request r) {
        String accessor = r.string("secret_id_accessor");
        if (accessor.isEmpty()) {
            throw VaultError.badRequest("missing secret_id_accessor");
        }
        return accessor;
    }

    private static String notFound(String accessor) {
        return "failed to find accessor entry for secret_id_accessor: \"" + accessor + "\"";
    }
}
