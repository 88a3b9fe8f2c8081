package org.flowvault.vault.server.sys;

import org.flowvault.vault.server.core.Request;
import org.flowvault.vault.server.core.Response;
import org.flowvault.vault.server.core.Routes;
import org.flowvault.vault.server.core.VaultError;

/**
 * sys/leases (and the legacy sys/renew, sys/revoke): no engine of this server issues leases (KV
 * secrets have none; tokens renew under auth/token/), so every lease id is unknown, and these
 * answer exactly as Vault does for an unknown lease — clients that renew or revoke what they
 * were given get Vault's errors instead of a 404 for the path.
 */
final class LeaseEndpoints {
    private static final String ID = "(?:/(?<id>.+))?";

    void register(Routes routes) {
        routes.path("leases/lookup/?").write(this::lookup);
        routes.path("leases/lookup/(?<prefix>.+)").list(r -> {
            throw VaultError.notFound();
        });
        routes.path("leases/renew" + ID).write(this::renew);
        routes.path("renew" + ID).write(this::renew);
        routes.path("leases/revoke" + ID).write(this::revoke);
        routes.path("revoke" + ID).write(this::revoke);
        routes.path("leases/revoke-prefix/(?<prefix>.+)").write(r -> Response.empty());
        routes.path("revoke-prefix/(?<prefix>.+)").write(r -> Response.empty());
        routes.path("leases/revoke-force/(?<prefix>.+)").write(r -> Response.empty());
        routes.path("revoke-force/(?<prefix>.+)").write(r -> Response.empty());
        routes.path("leases/tidy").write(r -> Response.empty());
    }

    private static String leaseId(Request r) {
        String id = r.string("lease_id");
        if (id.isEmpty() && r.params().containsKey("id")) {
            id = r.param("id");
        }
        if (id.isEmpty()) {
            throw VaultError.badRequest("lease_id must be specified");
        }
        return id;
    }

    private Response lookup(Request r) {
        leaseId(r);
        throw VaultError.badRequest("invalid lease");
    }

    private Response renew(Request r) {
        leaseId(r);
        throw VaultError.badRequest("lease not found");
    }

    private Response revoke(Request r) {
        leaseId(r);
        return Response.empty(); // revoking an unknown lease is not an error in Vault
    }
}
