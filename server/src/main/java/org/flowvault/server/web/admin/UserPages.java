package org.flowvault.server.web.admin;

import io.javalin.http.Context;
import java.security.SecureRandom;
import java.util.Base64;
import org.flowvault.platform.Platform;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.identity.User;
import org.flowvault.server.web.Pages;
import org.flowvault.server.web.Viewer;

/** /admin/users: the users with their roles; create (with a generated password shown once) and delete. */
final class UserPages {
    private static final SecureRandom RANDOM = new SecureRandom();

    private UserPages() {
    }

    static void register(Pages pages) {
        Platform p = pages.platform();
        pages.get("/admin/users", (ctx, viewer) -> {
            AdminPages.requireAdmin(viewer);
            render(ctx, 200, viewer, p, UserForm.EMPTY, null, null);
        });
        pages.post("/admin/users", (ctx, viewer) -> {
            AdminPages.requireAdmin(viewer);
            UserForm form = new UserForm(AdminPages.form(ctx, "username"), AdminPages.form(ctx, "role"), "", "");
            String password = ctx.formParam("password");
            boolean generate = password == null || password.isEmpty();
            if (generate) {
                password = generated();
            }
            try {
                if (form.username().isEmpty()) {
                    throw PlatformException.invalidField("username", "enter a user name");
                }
                User u = p.users().create(viewer.caller(), form.username(), AdminPages.role(form.role()), password);
                if (generate) {
                    AdminPages.noStore(ctx);
                    render(ctx, 201, viewer, p, UserForm.EMPTY, u.username(), password);
                } else {
                    Pages.redirect(ctx, "/admin/users");
                }
            } catch (PlatformException e) {
                String field = e.field().orElse(e.getMessage().contains("password") ? "password" : "username");
                render(ctx, AdminPages.status(e), viewer, p, new UserForm(form.username(), form.role(), field, e.getMessage()), null, null);
            }
        });
        pages.post("/admin/users/{username}/delete", (ctx, viewer) -> {
            AdminPages.requireAdmin(viewer);
            p.users().delete(viewer.caller(), ctx.pathParam("username"));
            Pages.redirect(ctx, "/admin/users");
        });
    }

    private static void render(Context ctx, int status, Viewer viewer, Platform p, UserForm form, String createdUser, String password) {
        Pages.render(ctx, status, viewer, "admin/users.jte", "users", p.users().list(viewer.caller()), "form", form,
                "createdUser", createdUser, "password", password);
    }

    /** A password for a new user, as the API generates one: 120 random bits, URL-safe base64. */
    private static String generated() {
        byte[] b = new byte[15];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
