package org.flowvault.server.connection;

import static org.flowvault.server.http.Api.body;
import static org.flowvault.server.http.Api.caller;
import static org.flowvault.server.http.Api.created;
import static org.flowvault.server.http.Api.noContent;
import static org.flowvault.server.http.Api.ok;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.flowvault.server.http.Routes;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.flowvault.platform.Platform;
import org.flowvault.platform.connection.AttachedSecret;
import org.flowvault.platform.connection.Connection;
import org.flowvault.platform.connection.ConnectionInput;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.identity.Caller;
import org.flowvault.platform.resolution.Preview;
import org.flowvault.platform.resolution.VaultBrowser;
import org.flowvault.server.http.Api;
import org.flowvault.server.http.Fields;
import org.flowvault.server.http.Views;

/**
 * Project-scoped connections: CRUD, resolution (the inputs a task would receive, secrets masked),
 * preview (where each key comes from) and cache refresh. A caller outside the project gets 404.
 */
public final class ConnectionRoutes {
    private static final String BASE = "/api/v1/projects/{project}/connections";

    private ConnectionRoutes() {
    }

    public static void register(Routes r, Platform p) {
        r.get(BASE, ctx -> {
            Caller c = caller(ctx);
            ok(ctx, Map.of("connections", p.connections().list(c, project(ctx, p, c)).stream().map(ConnectionRoutes::view).toList()));
        });
        r.post(BASE, ctx -> {
            Caller c = caller(ctx);
            UUID project = project(ctx, p, c);
            created(ctx, view(p.connections().create(c, project, input(body(ctx), null))));
        });
        r.get(BASE + "/{name}", ctx -> {
            Caller c = caller(ctx);
            ok(ctx, view(p.connections().get(c, project(ctx, p, c), ctx.pathParam("name"))));
        });
        r.put(BASE + "/{name}", ctx -> {
            Caller c = caller(ctx);
            UUID project = project(ctx, p, c);
            String name = ctx.pathParam("name");
            Connection current = p.connections().get(c, project, name);
            ok(ctx, view(p.connections().update(c, project, name, input(body(ctx), current))));
        });
        r.delete(BASE + "/{name}", ctx -> {
            Caller c = caller(ctx);
            p.connections().delete(c, project(ctx, p, c), ctx.pathParam("name"));
            noContent(ctx);
        });
        r.post(BASE + "/{name}/resolve", ctx -> preview(ctx, p, Fields.object(body(ctx), "overrides")));
        r.get(BASE + "/{name}/preview", ctx -> preview(ctx, p, null));
        r.post(BASE + "/{name}/refresh", ctx -> {
            Caller c = caller(ctx);
            Connection conn = p.connections().get(c, project(ctx, p, c), ctx.pathParam("name"));
            p.resolver().refresh(conn, c);
            ok(ctx, Views.of("refreshed", conn.name()));
        });
        r.get("/api/v1/projects/{project}/vault-browse", ctx -> browse(ctx, p));
    }

    /** The key-icon picker's browser: configurations, mounts, folders, key names — as the caller's Vault identity. */
    private static void browse(Context ctx, Platform p) {
        Caller c = caller(ctx);
        VaultBrowser.Listing l = p.vaultBrowser().browse(c, project(ctx, p, c), ctx.queryParam("config"), ctx.queryParam("path"));
        ok(ctx, Views.of("config", l.config(), "path", l.path(), "kind", l.kind().name().toLowerCase(Locale.ROOT),
                "entries", l.entries().stream().map(e -> Views.of("name", e.name(), "kind", e.kind(), "path", e.path(),
                        "reference", e.reference())).toList(),
                "attach", l.attach()));
    }

    private static void preview(Context ctx, Platform p, Map<String, Object> overrides) {
        Caller c = caller(ctx);
        Connection conn = p.connections().get(c, project(ctx, p, c), ctx.pathParam("name"));
        Preview pv = p.resolver().preview(conn, c, overrides == null ? Map.of() : overrides);
        Map<String, Object> inputs = new LinkedHashMap<>();
        Map<String, Object> sources = new LinkedHashMap<>();
        for (Preview.Field f : pv.fields()) {
            inputs.put(f.key(), f.value());
            sources.put(f.key(), Views.of("kind", f.source().kind().name().toLowerCase(Locale.ROOT),
                    "origins", f.source().origins().isEmpty() ? null
                            : f.source().origins().stream().map(o -> Views.of("config", o.config(), "path", o.path())).toList()));
        }
        ok(ctx, Views.of("connection", pv.connection(), "type", pv.type(), "stale", pv.stale(), "inputs", inputs, "sources", sources));
    }

    private static UUID project(Context ctx, Platform p, Caller c) {
        return p.projects().requireUsable(c, ctx.pathParam("project"));
    }

    /** The connection input from a request body; on update, absent fields keep their current values. */
    private static ConnectionInput input(ObjectNode b, Connection current) {
        ConnectionInput.Builder in = ConnectionInput.builder();
        in.name(Fields.text(b, "name", current == null ? null : current.name()));
        in.type(Fields.text(b, "type", current == null ? null : current.type()));
        JsonNode value = b.get("value");
        if (value == null || value.isNull()) {
            in.value(current == null ? "{}" : current.valueText());
        } else if (value.isTextual()) {
            in.value(value.asText());
        } else if (value.isObject()) {
            try {
                in.value(Api.JSON.writeValueAsString(value));
            } catch (JsonProcessingException e) {
                throw PlatformException.invalid("'value' cannot be read");
            }
        } else {
            throw PlatformException.invalid("'value' must be a YAML/JSON text or a JSON object");
        }
        if (Fields.has(b, "vault_secrets")) {
            in.vaultSecrets(Fields.stringList(b, "vault_secrets"));
        } else {
            in.vaultSecrets(current == null ? List.of() : current.vaultSecrets().stream().map(AttachedSecret::toString).toList());
        }
        in.description(Fields.text(b, "description", current == null ? null : current.description()));
        return in.build();
    }

    private static Map<String, Object> view(Connection c) {
        return Views.of("id", c.id(), "name", c.name(), "type", c.type(), "value", c.valueText(),
                "vault_secrets", c.vaultSecrets().stream().map(AttachedSecret::toString).toList(),
                "description", c.description(), "created_at", c.createdAt(), "updated_at", c.updatedAt());
    }
}
