package org.flowvault.vault.server.sys;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.flowvault.vault.server.core.Core;
import org.flowvault.vault.server.core.Request;
import org.flowvault.vault.server.core.Response;
import org.flowvault.vault.server.core.Routes;
import org.flowvault.vault.server.core.VaultError;
import org.flowvault.vault.server.core.LeaseManager;

/**
 * {@code sys/leases/*} and the legacy {@code sys/renew}, {@code sys/revoke*} paths. The lease id
 * comes from the body's {@code lease_id} or, on the legacy and {@code /ID} forms, from the path.
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/system/leases">sys/leases API</a>
 */
final class LeaseEndpoints {
    private final Core core;

    LeaseEndpoints(Core core) {
        this.core = core;
    }

    void register(Routes routes) {
        routes.path("leases/lookup").write(r -> Response.data(leases().lookup(r.string("lease_id"))));
        routes.path("leases/lookup/(?<prefix>.*)").list(this::list);
        for (String base : List.of("leases/renew", "renew")) {
            routes.path(base).write(r -> renew(r, r.string("lease_id")));
            routes.path(base + "/(?<id>.+)").write(r -> renew(r, r.param("id")));
        }
        for (String base : List.of("leases/revoke", "revoke")) {
            routes.path(base).write(r -> revoke(r.string("lease_id")));
            routes.path(base + "/(?<id>.+)").write(r -> revoke(r.param("id")));
        }
        for (String base : List.of("leases/", "")) {
            routes.path(base + "revoke-prefix/(?<prefix>.+)").write(r -> {
                leases().revokePrefix(r.param("prefix"), false);
                return Response.empty();
            });
            routes.path(base + "revoke-force/(?<prefix>.+)").write(r -> {
                leases().revokePrefix(r.param("prefix"), true);
                return Response.empty();
            });
        }
    }

    private LeaseManager leases() {
        return core.leases();
    }

    private Response list(Request r) {
        List<String> keys = leases().list(r.param("prefix"));
        if (keys.isEmpty()) {
            throw VaultError.notFound();
        }
        return Response.data(Map.of("keys", keys));
    }

    private Response renew(Request r, String id) {
        Duration increment = r.duration("increment", Duration.ZERO);
        LeaseManager.Renewal renewal = leases().renew(id, increment);
        Response out = Response.data(Map.of()).leaseId(renewal.leaseId()).lease(renewal.ttlSeconds(), renewal.renewable());
        if (renewal.capped()) {
            out.warning("TTL of \"" + increment.toSeconds() + "s\" exceeded the effective max_ttl of the lease; TTL value is capped accordingly");
        }
        return out;
    }

    private Response revoke(String id) {
        leases().revoke(id);
        return Response.empty();
    }
}
