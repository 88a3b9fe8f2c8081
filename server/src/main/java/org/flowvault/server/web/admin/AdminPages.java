package org.flowvault.server.web.admin;

import io.javalin.http.Context;
import java.util.Locale;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.identity.Role;
import org.flowvault.server.web.Pages;
import org.flowvault.server.web.Viewer;

/**
 * The admin pages — users, projects and their members — and every user's own API keys. Admin pages
 * refuse members before reading anything (403 page, direct URLs included). A generated password or a
 * new API key is rendered once, in the answer to the form that made it, never stored for a later page.
 */
public final class AdminPages {
    private AdminPages() {
    }

    public static void register(Pages pages) {
        UserPages.register(pages);
        ProjectPages.register(pages);
        ApiKeyPages.register(pages);
    }

    static void requireAdmin(Viewer viewer) {
        viewer.caller().requireAdmin("open the admin pages");
    }

    /** A form field's text, stripped; empty when absent. */
    static String form(Context ctx, String name) {
        String v = ctx.formParam(name);
        return v == null ? "" : v.strip();
    }

    static Role role(String text) {
        try {
            return Role.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw PlatformException.invalidField("role", "choose admin or member");
        }
    }

    /** The status a refused form is shown again with: 409 for a name taken, else 400 (403 and 404 keep their error pages). */
    static int status(PlatformException e) {
        return switch (e.reason()) {
            case CONFLICT -> 409;
            case INVALID -> 400;
            default -> throw e;
        };
    }

    /** A page showing a secret once must not be kept by the browser or a proxy. */
    static void noStore(Context ctx) {
        ctx.header("Cache-Control", "no-store");
    }
}
