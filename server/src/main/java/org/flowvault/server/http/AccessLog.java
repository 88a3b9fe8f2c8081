package org.flowvault.server.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import java.util.UUID;
import org.flowvault.platform.identity.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One INFO line per HTTP request on logger {@code org.flowvault.access}: method, route template
 * (e.g. {@code /api/v1/projects/{project}}, never the path's values or the query), status,
 * duration and the authenticated user, e.g.
 * {@code GET /api/v1/projects/{project}/connections 200 3.1 ms user=alice request=5f0c...}.
 * Each request gets a random id, returned as {@code X-Request-Id} and kept in the MDC as
 * {@value #MDC_REQUEST} while it is handled, so every line it causes carries it.
 */
final class AccessLog {
    static final String MDC_REQUEST = "request";
    private static final String ID = "flowvault.request-id";
    private static final Logger LOG = LoggerFactory.getLogger("org.flowvault.access");

    private AccessLog() {
    }

    static void install(JavalinConfig config) {
        config.routes.before(AccessLog::begin);
        config.requestLogger.http(AccessLog::end);
    }

    private static void begin(Context ctx) {
        String id = UUID.randomUUID().toString();
        ctx.attribute(ID, id);
        ctx.header("X-Request-Id", id);
        MDC.put(MDC_REQUEST, id);
    }

    private static void end(Context ctx, Float millis) {
        String id = ctx.attribute(ID);
        if (id != null) {
            MDC.put(MDC_REQUEST, id); // the logger may run on another thread than the handler
        }
        try {
            Caller caller = ctx.attribute(Api.CALLER);
            LOG.info("{} {} {} {} ms user={}", ctx.method(), route(ctx), ctx.statusCode(), String.format(java.util.Locale.ROOT, "%.1f", millis),
                    caller == null ? "-" : caller.username());
        } finally {
            MDC.remove(MDC_REQUEST);
        }
    }

    /** The matched route's template; a request no route matched is logged as "(unmatched)", not as its path. */
    private static String route(Context ctx) {
        try {
            Endpoint e = ctx.endpoints().matchedHttpEndpoint();
            return e == null ? "(unmatched)" : e.path;
        } catch (RuntimeException e) {
            return "(unmatched)";
        }
    }
}
