package org.flowvault.server.web.admin;

import io.javalin.http.Context;
import java.util.UUID;
import org.flowvault.platform.Platform;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.identity.ApiKeys;
import org.flowvault.server.web.Pages;
import org.flowvault.server.web.Viewer;

/** /api-keys: the signed-in user's own API keys; create (the key shown once, in that answer) and revoke. */
final class ApiKeyPages {
    private ApiKeyPages() {
    }

    static void register(Pages pages) {
        Platform p = pages.platform();
        pages.get("/api-keys", (ctx, viewer) -> render(ctx, 200, viewer, p, null, "", ""));
        pages.post("/api-keys", (ctx, viewer) -> {
            String name = AdminPages.form(ctx, "name");
            try {
                ApiKeys.IssuedApiKey k = p.apiKeys().create(viewer.caller(), name);
                AdminPages.noStore(ctx);
                render(ctx, 201, viewer, p, k, "", "");
            } catch (PlatformException e) {
                render(ctx, AdminPages.status(e), viewer, p, null, name, e.getMessage());
            }
        });
        pages.post("/api-keys/{id}/revoke", (ctx, viewer) -> {
            UUID id;
            try {
                id = UUID.fromString(ctx.pathParam("id"));
            } catch (IllegalArgumentException e) {
                throw PlatformException.notFound("no such API key");
            }
            p.apiKeys().revoke(viewer.caller(), id);
            Pages.redirect(ctx, "/api-keys");
        });
    }

    private static void render(Context ctx, int status, Viewer viewer, Platform p, ApiKeys.IssuedApiKey created, String name, String error) {
        Pages.render(ctx, status, viewer, "admin/api-keys.jte", "keys", p.apiKeys().list(viewer.caller()), "created", created,
                "name", name, "error", error);
    }
}
