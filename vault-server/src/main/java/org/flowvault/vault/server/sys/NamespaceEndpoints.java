package org.flowvault.vault.server.sys;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowvault.vault.server.core.Core;
import org.flowvault.vault.server.core.Request;
import org.flowvault.vault.server.core.Response;
import org.flowvault.vault.server.core.Routes;
import org.flowvault.vault.server.core.VaultError;
import org.flowvault.vault.server.namespace.Namespace;

/** sys/namespaces: create, read, list and delete child namespaces of the request's namespace. */
final class NamespaceEndpoints {
    private static final String NAME = "[A-Za-z0-9][A-Za-z0-9_.-]*";
    private final Core core;

    NamespaceEndpoints(Core core) {
        this.core = core;
    }

    void register(Routes routes) {
        routes.path("namespaces/?").list(this::list);
        routes.path("namespaces/(?<name>[^/]+)/?").write(this::create).read(this::read).delete(this::delete)
                .exists(r -> child(r) != null);
    }

    private Namespace child(Request r) {
        return core.namespace(r.namespace().path() + r.param("name") + "/");
    }

    private static Map<String, Object> describe(Namespace n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("custom_metadata", n.customMetadata());
        m.put("id", n.id());
        m.put("path", n.path());
        return m;
    }

    private Response list(Request r) {
        List<Namespace> children = core.childNamespaces(r.namespace());
        if (children.isEmpty()) {
            throw VaultError.notFound();
        }
        Map<String, Object> info = new LinkedHashMap<>();
        for (Namespace n : children) {
            info.put(n.path().substring(r.namespace().path().length()), describe(n));
        }
        return Response.data(Map.of("keys", List.copyOf(info.keySet()), "key_info", info));
    }

    private Response create(Request r) {
        String name = r.param("name");
        if (!name.matches(NAME) || name.equals("root") || name.equals("sys") || name.equals("audit") || name.equals("auth")
                || name.equals("cubbyhole") || name.equals("identity")) {
            throw VaultError.badRequest("invalid namespace name \"" + name + "\": use letters, digits, '-', '_' or '.', not a reserved name");
        }
        Namespace existing = child(r);
        if (existing != null) {
            return Response.data(describe(existing));
        }
        return Response.data(describe(core.createNamespace(r.namespace(), name, r.stringMap("custom_metadata"))));
    }

    private Response read(Request r) {
        Namespace n = child(r);
        if (n == null) {
            throw VaultError.notFound();
        }
        return Response.data(describe(n));
    }

    private Response delete(Request r) {
        Namespace n = child(r);
        if (n != null) {
            core.deleteNamespace(n);
        }
        return Response.empty();
    }
}
