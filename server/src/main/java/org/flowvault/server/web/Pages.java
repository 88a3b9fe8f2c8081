package org.flowvault.server.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.flowvault.platform.Platform;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.identity.Caller;
import org.flowvault.platform.identity.Project;
import org.flowvault.server.http.ErrorMapping;
import org.flowvault.server.http.SessionCookie;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the web UI's pages. Every page needs a signed-in browser (else it is sent to the sign-in
 * page and back); every POST needs the page's CSRF token; a path with {@code {project}} is only
 * served to members of that project (admins: any), so a direct URL reaches nothing a menu would not.
 * A refused or failed action renders an HTML page with the platform's message and the matching
 * status, never a stack trace.
 */
public final class Pages {
    private static final Logger LOG = LoggerFactory.getLogger(Pages.class);

    /** A page's handler, given the viewer (already inside the path's project, when it has one). */
    @FunctionalInterface
    public interface Handler {
        void handle(Context ctx, Viewer viewer) throws Exception;
    }

    private final RoutesConfig routes;
    private final Platform platform;

    public Pages(RoutesConfig routes, Platform platform) {
        this.routes = routes;
        this.platform = platform;
    }

    public Platform platform() {
        return platform;
    }

    public void get(String path, Handler h) {
        routes.get(path, ctx -> serve(ctx, h));
    }

    /** A state-changing form or script request: the CSRF token is checked before {@code h} runs. */
    public void post(String path, Handler h) {
        routes.post(path, ctx -> serve(ctx, h));
    }

    /** Renders {@code template} inside the layout; {@code params} are the template's own, plus {@code viewer}. */
    public static void render(Context ctx, Viewer viewer, String template, Object... params) {
        render(ctx, 200, viewer, template, params);
    }

    public static void render(Context ctx, int status, Viewer viewer, String template, Object... params) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("viewer", viewer);
        for (int i = 0; i < params.length; i += 2) {
            m.put((String) params[i], params[i + 1]);
        }
        Templates.render(ctx, status, template, m);
    }

    /** Redirects after a successful POST (303, so a reload does not resubmit). */
    public static void redirect(Context ctx, String location) {
        ctx.status(303).header("Location", location);
    }

    /** {@code value} encoded for one segment of a path. */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private void serve(Context ctx, Handler h) throws Exception {
        String token = SessionCookie.read(ctx);
        Caller caller;
        try {
            caller = platform.authenticator().authenticate(token);
        } catch (PlatformException e) {
            if (token != null) {
                SessionCookie.clear(ctx);
            }
            toSignIn(ctx);
            return;
        }
        if (!SessionCookie.isSafe(ctx) && !SessionCookie.csrfValid(ctx, token)) {
            page(ctx, 403, caller, token, "This form is out of date or did not come from Flowvault (its CSRF token is missing "
                    + "or wrong). Reload the page and try again.");
            return;
        }
        Viewer viewer = viewer(caller, token);
        try {
            String project = ctx.pathParamMap().get("project");
            if (project != null) {
                platform.projects().requireUsable(caller, project);
                viewer = viewer.in(project);
            }
            h.handle(ctx, viewer);
        } catch (PlatformException e) {
            if (e.reason() == PlatformException.Reason.UNAUTHENTICATED) {
                toSignIn(ctx);
            } else {
                page(ctx, ErrorMapping.status(e.reason()), caller, token, e.getMessage());
            }
        } catch (RuntimeException e) {
            String incident = UUID.randomUUID().toString().substring(0, 8);
            LOG.error("internal error {} on page {} {}: {}", incident, ctx.method(), ctx.path(), ErrorMapping.describe(e));
            page(ctx, 500, caller, token, "Something went wrong on the server (incident " + incident + "); the server log has the details.");
        }
    }

    Viewer viewer(Caller caller, String token) {
        return new Viewer(caller, platform.projects().list(caller).stream().map(Project::name).toList(), null,
                SessionCookie.csrfToken(token));
    }

    private void page(Context ctx, int status, Caller caller, String token, String message) {
        render(ctx, status, viewer(caller, token), "error.jte", "status", status, "message", message);
    }

    private static void toSignIn(Context ctx) {
        if (SessionCookie.isSafe(ctx)) {
            redirect(ctx, "/signin?next=" + URLEncoder.encode(ctx.path()
                    + (ctx.queryString() == null ? "" : "?" + ctx.queryString()), StandardCharsets.UTF_8));
        } else {
            redirect(ctx, "/signin");
        }
    }
}
