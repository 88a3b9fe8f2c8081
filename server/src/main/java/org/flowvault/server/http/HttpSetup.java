package org.flowvault.server.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.Set;
import org.flowvault.platform.PlatformException;
import org.flowvault.platform.identity.Authenticator;

/** The API's shared HTTP behaviour: virtual threads, JSON errors, bearer authentication and the access log. */
public final class HttpSetup {
    /** Routes that need no credential. */
    private static final Set<String> PUBLIC = Set.of("/api/v1/auth/login", "/api/openapi.json", "/api/v1/health", "/api/v1/ready");

    private HttpSetup() {
    }

    public static void configure(JavalinConfig config, Authenticator authenticator) {
        config.startup.showJavalinBanner = false;
        config.concurrency.useVirtualThreads = true;
        config.http.maxRequestSize = 4L * 1024 * 1024;
        config.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors()));
        AccessLog.install(config); // first: every later line of the request carries its id
        config.routes.before("/api/*", ctx -> authenticate(ctx, authenticator));
        config.routes.exception(PlatformException.class, ErrorMapping::platform);
        config.routes.exception(Exception.class, ErrorMapping::unexpected);
        config.routes.error(404, "*", ctx -> {
            // Javalin answers an unmatched route with its own text body; our handlers' 404s are already JSON
            String type = ctx.res().getContentType();
            if (type == null || !type.startsWith("application/json")) {
                Api.json(ctx, 404, Api.errorBody("NOT_FOUND", "no such API route: " + ctx.method() + " " + ctx.path()
                        + " (the OpenAPI document at /api/openapi.json lists them)"));
            }
        });
        config.routes.error(405, "*", ctx -> Api.json(ctx, 405, Api.errorBody("INVALID",
                "method " + ctx.method() + " is not allowed on " + ctx.path())));
        config.routes.error(413, "*", ctx -> Api.json(ctx, 413, Api.errorBody("INVALID",
                "the request body is too large: at most " + config.http.maxRequestSize / (1024 * 1024) + " MiB")));
    }

    private static void authenticate(Context ctx, Authenticator authenticator) {
        if (PUBLIC.contains(ctx.path())) {
            return;
        }
        String header = ctx.header("Authorization");
        String credential = null;
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            credential = header.substring(7).strip();
        }
        try {
            ctx.attribute(Api.CALLER, authenticator.authenticate(credential));
        } catch (PlatformException e) {
            // Read the body (within the size limit) before refusing: Jetty drops a connection whose body
            // is left unread, and a client still sending it would then never see this answer.
            ctx.bodyAsBytes();
            throw e;
        }
    }
}
