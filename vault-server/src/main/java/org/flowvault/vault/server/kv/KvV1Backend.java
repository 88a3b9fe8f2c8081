package org.flowvault.vault.server.kv;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.flowvault.vault.server.core.Backend;
import org.flowvault.vault.server.core.MountContext;
import org.flowvault.vault.server.core.Request;
import org.flowvault.vault.server.core.Response;
import org.flowvault.vault.server.core.Routes;
import org.flowvault.vault.server.core.VaultError;
import org.flowvault.vault.server.internal.Durations;
import org.flowvault.vault.server.internal.ServerJson;

/**
 * The unversioned KV engine (KV v1): each path holds one JSON object, stored under the path
 * itself in the mount's storage. A read carries a lease duration (not a lease) taken from the
 * secret's own "ttl" (or "lease") key, else the mount's default TTL, capped by its max TTL.
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v1">KV v1 API</a>
 */
final class KvV1Backend implements Backend {
    private final Routes routes = new Routes();
    private final MountContext context;

    private final ChangeEvents events;

    KvV1Backend(MountContext context) {
        this.context = context;
        this.events = new ChangeEvents(context, null);
        routes.path("(?<path>.*)")
                .read(this::read).write(this::write).delete(this::delete).list(this::list)
                .exists(r -> r.storage().get(r.param("path")) != null);
    }

    @Override
    public Response handle(Request request) {
        Response response = routes.dispatch(request);
        events.unversioned(request, response);
        return response;
    }

    @Override
    public Boolean exists(Request request) {
        return routes.exists(request);
    }

    private Response read(Request request) {
        byte[] raw = request.storage().get(request.param("path"));
        if (raw == null) {
            throw VaultError.notFound();
        }
        Map<String, Object> data = ServerJson.readStored(raw);
        return Response.data(data).lease(leaseSeconds(data), false);
    }

    private long leaseSeconds(Map<String, Object> data) {
        Object ttl = data.containsKey("ttl") ? data.get("ttl") : data.get("lease");
        long seconds = 0;
        if (ttl instanceof String || ttl instanceof Number) {
            try {
                seconds = Durations.parse(ttl).toSeconds();
            } catch (IllegalArgumentException e) {
                seconds = 0; // Vault ignores a ttl it cannot parse and uses the default
            }
        }
        if (seconds <= 0) {
            seconds = context.defaultTtl().toSeconds();
        }
        Duration max = context.maxTtl();
        return max.isPositive() ? Math.min(seconds, max.toSeconds()) : seconds;
    }

    private Response write(Request request) {
        if (request.param("path").isEmpty()) {
            throw VaultError.badRequest("missing path");
        }
        if (request.data().isEmpty()) {
            throw VaultError.badRequest("missing data fields");
        }
        request.storage().put(request.param("path"), ServerJson.write(Inputs.sorted(request.data())));
        return Response.empty();
    }

    private Response delete(Request request) {
        request.storage().delete(request.param("path"));
        return Response.empty();
    }

    private Response list(Request request) {
        String folder = request.param("path");
        if (!folder.isEmpty() && !folder.endsWith("/")) {
            folder += "/";
        }
        List<String> keys = request.storage().list(folder);
        if (keys.isEmpty()) {
            throw VaultError.notFound();
        }
        return Response.data(Map.of("keys", keys));
    }
}
