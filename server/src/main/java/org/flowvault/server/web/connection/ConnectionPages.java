package org.flowvault.server.web.connection;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flowvault.platform.Platform;
import org.flowvault.platform.connection.AttachedSecret;
import org.flowvault.platform.connection.Connection;
import org.flowvault.platform.connection.ConnectionInput;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.server.http.ErrorMapping;
import org.flowvault.server.web.Pages;
import org.flowvault.server.web.Viewer;

/**
 * The connections of a project: a paged list (type, attached secrets, the flows using each) with
 * "New connection", and the editor — YAML value, attached secrets, the key-icon picker and the
 * preview (the last two are script-driven, through {@code /api/v1}). Saving goes through the
 * platform's connection update, so its validation (YAML line and column, references, paths) is
 * what the form shows beside the field.
 */
public final class ConnectionPages {
    /** Connections per list page. */
    static final int PAGE_SIZE = 50;

    private ConnectionPages() {
    }

    /** A row of the list. */
    public record Row(String name, String type, List<String> secrets, List<String> flows) {
    }

    /**
     * What the editor shows: the connection as saved, or as submitted when saving failed.
     *
     * @param fields the value's top-level keys, each with a key-icon picker
     */
    public record Form(String name, String type, String description, String value, List<String> secrets, List<String> fields) {
    }

    public static void register(Pages pages) {
        Platform p = pages.platform();
        String base = "/projects/{project}/connections";
        pages.get(base, (ctx, viewer) -> list(ctx, viewer, p, 200, null, Map.of(), "", ""));
        pages.post(base, (ctx, viewer) -> create(ctx, viewer, p));
        pages.get(base + "/{name}", (ctx, viewer) -> {
            Connection c = p.connections().get(viewer.caller(), project(p, viewer), ctx.pathParam("name"));
            editor(ctx, viewer, 200, form(c), null, Map.of());
        });
        pages.post(base + "/{name}", (ctx, viewer) -> save(ctx, viewer, p));
        pages.post(base + "/{name}/delete", (ctx, viewer) -> {
            p.connections().delete(viewer.caller(), project(p, viewer), ctx.pathParam("name"));
            Pages.redirect(ctx, listUrl(viewer));
        });
    }

    private static void list(Context ctx, Viewer viewer, Platform p, int status, String error, Map<String, String> errors,
            String newName, String newType) {
        UUID project = project(p, viewer);
        String after = ctx.queryParam("after");
        List<Connection> page = p.connections().page(viewer.caller(), project, after == null || after.isEmpty() ? null : after,
                PAGE_SIZE + 1);
        boolean more = page.size() > PAGE_SIZE;
        if (more) {
            page = page.subList(0, PAGE_SIZE);
        }
        Map<String, List<String>> users = p.flows().connectionUsers(viewer.caller(), project);
        List<Row> rows = new ArrayList<>(page.size());
        for (Connection c : page) {
            rows.add(new Row(c.name(), c.type(), c.vaultSecrets().stream().map(AttachedSecret::toString).toList(),
                    users.getOrDefault(c.name(), List.of())));
        }
        String next = more ? rows.getLast().name() : null;
        Pages.render(ctx, status, viewer, "connection/list.jte", "rows", rows, "next", next, "paged", after != null,
                "error", error, "errors", errors, "newName", newName, "newType", newType);
    }

    private static void create(Context ctx, Viewer viewer, Platform p) {
        String name = ctx.formParam("name");
        String type = ctx.formParam("type");
        try {
            Connection c = p.connections().create(viewer.caller(), project(p, viewer), ConnectionInput.builder()
                    .name(name == null ? null : name.strip()).type(type == null ? null : type.strip())
                    .description(ctx.formParam("description")).build());
            Pages.redirect(ctx, listUrl(viewer) + "/" + Pages.segment(c.name()));
        } catch (PlatformException e) {
            if (e.reason() != PlatformException.Reason.INVALID && e.reason() != PlatformException.Reason.CONFLICT) {
                throw e;
            }
            String field = e.field().orElse(e.reason() == PlatformException.Reason.CONFLICT ? "name" : null);
            list(ctx, viewer, p, ErrorMapping.status(e.reason()), field == null ? e.getMessage() : null,
                    field == null ? Map.of() : Map.of(field, e.getMessage()), name == null ? "" : name, type == null ? "" : type);
        }
    }

    private static void save(Context ctx, Viewer viewer, Platform p) {
        UUID project = project(p, viewer);
        String name = ctx.pathParam("name");
        Connection current = p.connections().get(viewer.caller(), project, name);
        String value = ctx.formParam("value");
        List<String> secrets = ctx.formParams("vault_secrets").stream().filter(s -> !s.isBlank()).toList();
        try {
            p.connections().update(viewer.caller(), project, name, ConnectionInput.builder()
                    .name(current.name())
                    .type(ctx.formParam("type") == null ? null : ctx.formParam("type").strip())
                    .value(value == null ? "" : value)
                    .vaultSecrets(secrets)
                    .description(ctx.formParam("description"))
                    .build());
            Pages.redirect(ctx, listUrl(viewer) + "/" + Pages.segment(current.name()) + "?saved");
        } catch (PlatformException e) {
            if (e.reason() != PlatformException.Reason.INVALID) {
                throw e;
            }
            Form submitted = new Form(current.name(), nz(ctx.formParam("type")), nz(ctx.formParam("description")), nz(value), secrets,
                    current.value().keySet().stream().toList());
            editor(ctx, viewer, 400, submitted, e.field().isPresent() ? null : e.getMessage(),
                    e.field().map(f -> Map.of(f, e.getMessage())).orElse(Map.of()));
        }
    }

    private static void editor(Context ctx, Viewer viewer, int status, Form form, String error, Map<String, String> errors) {
        Pages.render(ctx, status, viewer, "connection/edit.jte", "form", form, "error", error, "errors", errors,
                "saved", ctx.queryParam("saved") != null);
    }

    private static Form form(Connection c) {
        return new Form(c.name(), c.type(), c.description(), c.valueText(),
                c.vaultSecrets().stream().map(AttachedSecret::toString).toList(), c.value().keySet().stream().toList());
    }

    private static UUID project(Platform p, Viewer viewer) {
        return p.projects().requireUsable(viewer.caller(), viewer.project());
    }

    private static String listUrl(Viewer viewer) {
        return "/projects/" + Pages.segment(viewer.project()) + "/connections";
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
