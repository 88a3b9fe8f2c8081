package org.flowvault.server.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.Set;
import org.flowvault.platform.audit.AuditContext;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.identity.Authenticator;

/**
 * The server's shared HTTP behaviour: virtual threads, security headers, JSON errors for the API,
 * the access log, and its authentication — a bearer credential, or the web UI's session cookie
 * together with the CSRF token on every state-changing request.
 */
public final class HttpSetup {
    /** Routes that need no credential. */
    private static final Set<String> PUBLIC = Set.of("/api/v1/auth/login", "/api/openapi.json", "/api/v1/health", "/api/v1/ready");

    private HttpSetup() {
    }

    /**
     * @param pageNotFound answers an unknown path outside {@code /api} (the web UI's HTML 404)
     */
    public static void configure(JavalinConfig config, Authenticator authenticator, io.javalin.http.Handler pageNotFound) {
        config.startup.showJavalinBanner = false;
        config.concurrency.useVirtualThreads = true;
        config.http.maxRequestSize = 4L * 1024 * 1024;
        config.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors()));
        AccessLog.install(config); // first: every later line of the request carries its id
        config.routes.before(SecurityHeaders::apply);
        config.routes.before("/api/*", ctx -> authenticate(ctx, authenticator));
        config.routes.after("/api/*", HttpSetup::leaveAuditContext);
        config.routes.exception(PlatformException.class, ErrorMapping::platform);
        config.routes.exception(Exception.class, ErrorMapping::unexpected);
        config.routes.error(404, "*", ctx -> {
            // Javalin answers an unmatched route with its own text body; our handlers' 404s are already JSON
            String type = ctx.res().getContentType();
            if (!ctx.path().startsWith("/api/")) {
                if (type == null || !type.startsWith("text/html")) {
                    pageNotFound.handle(ctx);
                }
            } else if (type == null || !type.startsWith("application/json")) {
                Api.json(ctx, 404, Api.errorBody("NOT_FOUND", "no such API route: " + ctx.method() + " " + ctx.path()
                        + " (the OpenAPI document at /api/openapi.json lists them)"));
            }
        });
        config.routes.error(405, "*", ctx -> Api.json(ctx, 405, Api.errorBody("INVALID",
                "method " + ctx.method() + " is not allowed on " + ctx.path())));
        config.routes.error(413, "*", ctx -> Api.json(ctx, 413, Api.errorBody("INVALID",
                "the request body is too large: at most " + config.http.maxRequestSize / (1024 * 1024) + " MiB")));
    }

    private static final String AUDIT_CONTEXT = "flowvault.audit-context";

    private static void leaveAuditContext(Context ctx) {
        AuditContext.Handle h = ctx.attribute(AUDIT_CONTEXT);
        if (h != null) {
            h.close();
        }
    }

    private static void authenticate(Context ctx, Authenticator authenticator) {
        if (PUBLIC.contains(ctx.path())) {
            return;
        }
        if (ctx.path().equals("/api/docs") || ctx.path().startsWith("/api/docs/")) {
            return; // the API reference: Swagger UI's files, public like the document it shows
        }
        String header = ctx.header("Authorization");
        String credential = null;
        boolean fromCookie = false;
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            credential = header.substring(7).strip();
        } else if (header == null && SessionCookie.read(ctx) != null) {
            credential = SessionCookie.read(ctx);
            fromCookie = true;
        }
        try {
            Authenticator.Authenticated who = authenticator.authenticateRequest(credential);
            ctx.attribute(Api.CALLER, who.caller());
            if (who.apiKeyId() != null) {
                // the audit trail records which API key a secret was used through
                ctx.attribute(AUDIT_CONTEXT, AuditContext.apiKey(who.apiKeyId()));
            }
            if (fromCookie && !SessionCookie.isSafe(ctx) && !SessionCookie.csrfValid(ctx, credential)) {
                throw PlatformException.forbidden("a request authenticated by the session cookie must carry the page's CSRF token "
                        + "in the " + SessionCookie.CSRF_HEADER + " header; reload the page and try again");
            }
        } catch (PlatformException e) {
            // Read the body (within the size limit) before refusing: Jetty drops a connection whose body
            // is left unread, and a client still sending it would then never see this answer.
            ctx.bodyAsBytes();
            throw e;
        }
    }
}
