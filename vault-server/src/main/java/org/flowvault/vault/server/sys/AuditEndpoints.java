package org.flowvault.vault.server.sys;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.flowvault.vault.server.audit.AuditBroker;
import org.flowvault.vault.server.audit.AuditDevice;
import org.flowvault.vault.server.core.Request;
import org.flowvault.vault.server.core.Response;
import org.flowvault.vault.server.core.Routes;
import org.flowvault.vault.server.core.VaultError;

/** sys/audit and sys/audit-hash (root namespace only, as in Vault). */
final class AuditEndpoints {
    private final Supplier<AuditBroker> audit;

    AuditEndpoints(Supplier<AuditBroker> audit) {
        this.audit = audit;
    }

    void register(Routes routes) {
        routes.path("audit/?").read(this::list);
        routes.path("audit/(?<path>.+?)/?").write(this::enable).delete(this::disable);
        routes.path("audit-hash/(?<path>.+?)/?").write(this::hash);
    }

    private void rootOnly(Request r) {
        if (!r.namespace().isRoot()) {
            throw VaultError.badRequest("audit devices can only be managed in the root namespace");
        }
    }

    private Response list(Request r) {
        rootOnly(r);
        Map<String, Object> out = new LinkedHashMap<>();
        for (AuditDevice.Config c : audit.get().list()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("type", c.type());
            d.put("description", c.description());
            d.put("options", c.options());
            d.put("path", c.path());
            d.put("local", false);
            out.put(c.path(), d);
        }
        return Response.data(out);
    }

    private Response enable(Request r) {
        rootOnly(r);
        audit.get().enable(r.param("path"), r.string("type"), r.string("description"), r.stringMap("options"));
        return Response.empty();
    }

    private Response disable(Request r) {
        rootOnly(r);
        audit.get().disable(r.param("path"));
        return Response.empty();
    }

    private Response hash(Request r) {
        rootOnly(r);
        return Response.data(Map.of("hash", audit.get().hash(r.param("path"), r.string("input"))));
    }
}
