package org.flowvault.vault.server.kv;

import java.time.Clock;
import org.flowvault.vault.server.core.Backend;
import org.flowvault.vault.server.core.MountContext;
import org.flowvault.vault.server.policy.Operation;
import org.flowvault.vault.server.core.Request;
import org.flowvault.vault.server.core.Response;
import org.flowvault.vault.server.core.Routes;

/**
 * The versioned KV engine (KV v2). Paths and their order follow Vault's plugin: a path that
 * matches none of the engine's endpoints is answered as Vault does for KV v2, a 404 whose
 * warning points at the right API (clients use it to detect a v1-style call on a v2 mount).
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2">KV v2 API</a>
 */
final class KvV2Backend implements Backend {
    private final Routes routes = new Routes();
    private final ChangeEvents events;

    /** {@code context} is where change events go; null publishes none. */
    KvV2Backend(Clock clock, MountContext context) {
        VersionedStore store = new VersionedStore();
        this.events = new ChangeEvents(context, store);
        ConfigEndpoint config = new ConfigEndpoint(store);
        DataEndpoints data = new DataEndpoints(store, clock);
        MetadataEndpoints metadata = new MetadataEndpoints(store, clock);
        SubkeysEndpoint subkeys = new SubkeysEndpoint(store, clock);
        VersionEndpoints versions = new VersionEndpoints(store, clock);

        routes.path("config").read(config::read).on(Operation.UPDATE, config::write);
        routes.path("data/(?<path>.*[^/])")
                .read(data::read).write(data::write).on(Operation.PATCH, data::patch).delete(data::delete)
                .exists(data::exists);
        routes.path("metadata/(?<path>.*)")
                .read(metadata::read).write(metadata::write).on(Operation.PATCH, metadata::patch)
                .delete(metadata::delete).list(metadata::list)
                .exists(metadata::exists);
        // Vault's HTTP layer adds the slash to every LIST path; clients such as vault-java-driver
        // rely on it when they list the mount root as "metadata".
        routes.path("metadata(?<path>)").list(metadata::list)
                .read(KvV2Backend::invalidPath).write(KvV2Backend::invalidPath).delete(KvV2Backend::invalidPath);
        routes.path("subkeys/(?<path>.*)").read(subkeys::read);
        routes.path("delete/(?<path>.*)").on(Operation.UPDATE, versions::delete);
        routes.path("undelete/(?<path>.*)").on(Operation.UPDATE, versions::undelete);
        routes.path("destroy/(?<path>.*)").on(Operation.UPDATE, versions::destroy);
        routes.path(".*")
                .read(KvV2Backend::invalidPath).write(KvV2Backend::invalidPath)
                .delete(KvV2Backend::invalidPath).list(KvV2Backend::invalidPath);
    }

    @Override
    public Response handle(Request request) {
        Response response = routes.dispatch(request);
        events.versioned(request, response);
        return response;
    }

    @Override
    public Boolean exists(Request request) {
        return routes.exists(request);
    }

    private static Response invalidPath(Request request) {
        String command = switch (request.operation()) {
            case CREATE, UPDATE -> "put";
            case READ -> "get";
            case LIST -> "list";
            case DELETE -> "delete";
            default -> "";
        };
        return Response.empty().status(404).warning("Invalid path for a versioned K/V secrets engine. "
                + "See the API docs for the appropriate API endpoints to use. "
                + "If using the Vault CLI, use 'vault kv " + command + "' for this operation.");
    }
}
