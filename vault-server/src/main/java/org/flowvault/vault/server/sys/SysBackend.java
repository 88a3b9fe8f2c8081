package org.flowvault.vault.server.sys;

import java.util.Set;
import org.flowvault.vault.server.core.Backend;
import org.flowvault.vault.server.core.Core;
import org.flowvault.vault.server.core.MountContext;
import org.flowvault.vault.server.core.Request;
import org.flowvault.vault.server.core.Response;
import org.flowvault.vault.server.core.Routes;

/**
 * The {@code sys/} mount of every namespace: mounts and auth methods, policies, capabilities,
 * namespaces, audit devices, seal and key status. Each concept lives in its own class; this one
 * only assembles their routes.
 */
public final class SysBackend implements Backend {
    private final Routes routes = new Routes();

    private SysBackend(Core core, MountContext ctx) {
        new MountEndpoints(core).register(routes);
        new PolicyEndpoints(core).register(routes);
        new NamespaceEndpoints(core).register(routes);
        new AuditEndpoints(core).register(routes);
        new MiscEndpoints(core).register(routes);
        new LeaseEndpoints(core).register(routes);
    }

    /** The factory the core registers under type "system". */
    public static org.flowvault.vault.server.core.BackendFactory factory(Core core) {
        return ctx -> new SysBackend(core, ctx);
    }

    @Override
    public Response handle(Request request) {
        return routes.dispatch(request);
    }

    @Override
    public Set<String> unauthenticatedPaths() {
        return Set.of("internal/ui/mounts", "internal/ui/mounts/*", "wrapping/lookup", "wrapping/unwrap");
    }

    @Override
    public Set<String> sudoPaths() {
        return Set.of("auth/*", "audit", "audit/*", "rotate", "rekey/backup", "rekey/recovery-key-backup",
                "leases/lookup/*", "leases/revoke-prefix/*", "leases/revoke-force/*", "revoke-prefix/*", "revoke-force/*", "seal", "raw", "raw/*", "remount", "config/*");
    }
}
