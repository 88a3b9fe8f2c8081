package org.flowvault.server.http;

import io.javalin.http.Context;
import java.util.UUID;
import org.flowvault.platform.PlatformException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns failures into JSON answers. A {@link PlatformException} carries a message written for the
 * user (never a secret), so it is returned as is with the status of its reason. Anything else is a
 * bug: the client gets an incident id and no detail; the log gets the exception class and the id
 * (not the message, which could quote input).
 */
final class ErrorMapping {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);

    private ErrorMapping() {
    }

    static int status(PlatformException.Reason reason) {
        return switch (reason) {
            case INVALID -> 400;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case UNAVAILABLE -> 502;
        };
    }

    static void platform(PlatformException e, Context ctx) {
        Api.json(ctx, status(e.reason()), Api.errorBody(e.reason().name(), e.getMessage()));
    }

    static void unexpected(Exception e, Context ctx) {
        String incident = UUID.randomUUID().toString().substring(0, 8);
        StackTraceElement at = e.getStackTrace().length > 0 ? e.getStackTrace()[0] : null;
        LOG.error("internal error {} on {} {}: {} at {}", incident, ctx.method(), ctx.path(), e.getClass().getName(), at);
        Api.json(ctx, 500, Api.errorBody("INTERNAL", "internal error (incident " + incident + "); the server log has the details"));
    }
}
