package org.flowvault.server;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.util.Map;
import org.flowvault.platform.Platform;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.identity.Caller;
import org.flowvault.platform.identity.Sessions;
import org.flowvault.server.http.SessionCookie;
import org.flowvault.server.web.Pages;
import org.flowvault.server.web.Templates;
import org.flowvault.server.web.connection.ConnectionPages;
import org.flowvault.server.web.admin.AdminPages;
import org.flowvault.server.web.credential.CredentialPages;
import org.flowvault.server.web.vaultconfig.VaultConfigPages;
import org.flowvault.server.web.flow.FlowPages;
import org.flowvault.server.web.run.RunPages;

/**
 * The web UI, served at {@code /}: server-rendered pages (jte) with a few small scripts served from
 * the jar under {@code /static}; no CDN, no inline script. Sign-in sets the session cookie
 * ({@link SessionCookie}); each concept registers its pages here.
 */
public final class WebUi {
    private WebUi() {
    }

    public static void register(JavalinConfig config, Platform platform) {
        config.staticFiles.add(files -> {
            files.hostedPath = "/static";
            files.directory = "/org/flowvault/server/web/static";
            files.location = Location.CLASSPATH;
            files.headers = Map.of("Cache-Control", "max-age=300");
        });
        Pages pages = new Pages(config.routes, platform);
        config.routes.get("/signin", ctx -> signInPage(ctx, 200, null));
        config.routes.post("/signin", ctx -> signIn(ctx, platform));
        config.routes.post("/signout", ctx -> signOut(ctx, platform));
        pages.get("/", (ctx, viewer) -> Pages.render(ctx, viewer, "home.jte"));
        ConnectionPages.register(pages);
        CredentialPages.register(pages);
        AdminPages.register(pages);
        VaultConfigPages.register(pages);
        FlowPages.register(pages);
        RunPages.register(pages);
        pages.get("/switch-project", (ctx, viewer) -> {
            String project = ctx.queryParam("project");
            if (project == null || !viewer.projects().contains(project)) {
                throw PlatformException.notFound("choose one of your projects");
            }
            String section = ctx.queryParam("section");
            Pages.redirect(ctx, "/projects/" + Pages.segment(project) + "/"
                    + (section != null && section.matches("[a-z-]{1,32}") ? section : "connections"));
        });
    }

    /** The HTML answer for an unknown path outside the API. */
    public static void notFound(Context ctx) {
        ctx.status(404).contentType("text/html; charset=utf-8").result(Templates.renderToString("notfound.jte", Map.of()));
    }

    private static void signInPage(Context ctx, int status, String error) {
        Templates.render(ctx, status, "signin.jte", Map.of("next", safeNext(ctx.queryParam("next")),
                "error", error == null ? "" : error, "username", ""));
    }

    private static void signIn(Context ctx, Platform platform) {
        String username = ctx.formParam("username");
        String password = ctx.formParam("password");
        String next = safeNext(ctx.formParam("next"));
        try {
            if (username == null || username.isBlank() || password == null || password.isEmpty()) {
                throw PlatformException.invalid("enter your user name and password");
            }
            Sessions.IssuedSession s = platform.sessions().login(username.strip(), password);
            SessionCookie.set(ctx, s.token(), s.expiresAt());
            Pages.redirect(ctx, next);
        } catch (PlatformException e) {
            String message = e.reason() == PlatformException.Reason.INVALID ? e.getMessage() : "the user name or password is wrong";
            Templates.render(ctx, 401, "signin.jte", Map.of("next", next, "error", message,
                    "username", username == null ? "" : username));
        }
    }

    private static void signOut(Context ctx, Platform platform) {
        String token = SessionCookie.read(ctx);
        if (token != null) {
            try {
                Caller ignored = platform.authenticator().authenticate(token);
                if (!SessionCookie.csrfValid(ctx, token)) {
                    ctx.status(403).result("CSRF token missing or wrong; reload the page");
                    return;
                }
                platform.sessions().logout(token);
            } catch (PlatformException e) {
                // already expired or signed out: clearing the cookie is all that is left to do
            }
        }
        SessionCookie.clear(ctx);
        Pages.redirect(ctx, "/signin");
    }

    /** Only a path on this server: never {@code //host}, a scheme, or a backslash trick (no open redirect). */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.contains("\\") || next.length() > 2000
                || next.startsWith("/signin")) {
            return "/";
        }
        return next;
    }
}
