package org.flowvault.vault.server.sys;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowvault.vault.server.core.Core;
import org.flowvault.vault.server.core.Request;
import org.flowvault.vault.server.core.Response;
import org.flowvault.vault.server.core.Routes;
import org.flowvault.vault.server.core.VaultError;
import org.flowvault.vault.server.policy.Policy;
import org.flowvault.vault.server.policy.PolicyException;
import org.flowvault.vault.server.policy.PolicyStore;

/** sys/policy (legacy) and sys/policies/acl: list, read, write and delete ACL policies. */
final class PolicyEndpoints {
    private final Core core;

    PolicyEndpoints(Core core) {
        this.core = core;
    }

    void register(Routes routes) {
        routes.path("policy/?").read(this::listLegacy);
        routes.path("policy/(?<name>[^/]+)").read(r -> read(r, "rules")).write(this::write).delete(this::delete);
        routes.path("policies/acl/?").list(this::list).read(this::list);
        routes.path("policies/acl/(?<name>[^/]+)").read(r -> read(r, "policy")).write(this::write).delete(this::delete);
    }

    private PolicyStore store(Request r) {
        return core.policies(r.namespace());
    }

    private Response listLegacy(Request r) {
        List<String> names = store(r).list();
        return Response.data(Map.of("policies", names, "keys", names));
    }

    private Response list(Request r) {
        return Response.data(Map.of("keys", store(r).list()));
    }

    private Response read(Request r, String field) {
        String name = r.param("name").toLowerCase();
        Policy p = store(r).get(name).orElse(null);
        if (p == null) {
            if (name.equals("root")) {
                return Response.data(Map.of("name", "root", field, ""));
            }
            throw VaultError.notFound();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", p.name());
        out.put(field, p.raw());
        return Response.data(out);
    }

    private Response write(Request r) {
        String text = r.has("policy") ? r.string("policy") : r.string("rules");
        if (text.isBlank()) {
            throw VaultError.badRequest("'policy' parameter not supplied or empty");
        }
        try {
            store(r).put(r.param("name"), maybeBase64(text));
        } catch (PolicyException e) {
            throw VaultError.badRequest(e.getMessage());
        }
        return Response.empty();
    }

    /** Vault accepts a base64-encoded policy document too. */
    private static String maybeBase64(String text) {
        String t = text.trim();
        if (!t.contains(" ") && !t.contains("{") && !t.contains("\n") && t.length() % 4 == 0) {
            try {
                return new String(java.util.Base64.getDecoder().decode(t), java.nio.charset.StandardCharsets.UTF_8);
            } catch (IllegalArgumentException ignored) {
                return text;
            }
        }
        return text;
    }

    private Response delete(Request r) {
        try {
            store(r).delete(r.param("name"));
        } catch (PolicyException e) {
            throw VaultError.badRequest(e.getMessage());
        }
        return Response.empty();
    }
}
