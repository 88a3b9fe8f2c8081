package org.flowvault.vault.server.sys;

import java.util.Set;
import java.util.function.Supplier;
import org.flowvault.vault.server.audit.AuditBroker;
import org.flowvault.vault.server.core.Backend;
import org.flowvault.vault.server.core.Core;
import org.flowvault.vault.server.core.Request;
import org.flowvault.vault.server.core.Response;
import org.flowvault.vault.server.core.Routes;
import org.flowvault.vault.server.core.SealApi;
import org.flowvault.vault.server.wrapping.ResponseWrapper;

/**
 * The {@code sys/} mount of every namespace: mounts and auth methods, policies, capabilities,
 * namespaces, audit devices, seal and key status. Each concept lives in its own class; this one
 * only assembles their routes.
 */
public final class SysBackend implements Backend {
    private final Routes routes = new Routes();

    private SysBackend(Core core, Supplier<AuditBroker> audit, Supplier<ResponseWrapper> wrapping) {
        new MountEndpoints(core).register(routes);
        new PolicyEndpoints(core).register(routes);
        new NamespaceEndpoints(core).register(routes);
        new AuditEndpoints(audit).register(routes);
        new MiscEndpoints(core, wrapping).register(routes);
        new LeaseEndpoints(core).register(routes);
    }

    /**
     * The factory the server registers under type "system".
     *
     * @param audit    the audit broker of the current unseal
     * @param wrapping response wrapping of the current unseal
     */
    public static org.flowvault.vault.server.core.BackendFactory factory(
            Core core, Supplier<AuditBroker> audit, Supplier<ResponseWrapper> wrapping) {
        return ctx -> new SysBackend(core, audit, wrapping);
    }

    /** The seal endpoints, which answer before mounts are routed (and while sealed). */
    public static SealApi sealApi(Core core) {
        return new SealEndpoints(core);
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
