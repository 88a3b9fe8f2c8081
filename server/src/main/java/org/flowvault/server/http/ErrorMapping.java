package org.flowvault.server.http;

import io.javalin.http.Context;
import java.sql.SQLException;
import java.util.UUID;
import org.flowvault.platform.error.PlatformException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns failures into JSON answers. A {@link PlatformException} carries a message written for the
 * user (never a secret), so it is returned as is with the status of its reason. Anything else is a
 * bug: the client gets an incident id and no detail; the log gets the exception class and the id
 * (not the message, which could quote input).
 */
public final class ErrorMapping {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);

    private ErrorMapping() {
    }

    /** The HTTP status of {@code reason}, for the API and the web UI alike. */
    public static int status(PlatformException.Reason reason) {
        return switch (reason) {
            case INVALID -> 400;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case UNAVAILABLE -> 502;
            case AUDIT_UNAVAILABLE -> 503;
        };
    }

    static void platform(PlatformException e, Context ctx) {
        Api.json(ctx, status(e.reason()), e.field().isPresent()
                ? java.util.Map.of("error", java.util.Map.of("reason", e.reason().name(), "message", e.getMessage(), "field", e.field().get()))
                : Api.errorBody(e.reason().name(), e.getMessage()));
    }

    static void unexpected(Exception e, Context ctx) {
        String incident = UUID.randomUUID().toString().substring(0, 8);
        StackTraceElement at = e.getStackTrace().length > 0 ? e.getStackTrace()[0] : null;
        if (isDataException(e)) {
            // A value no check caught that the database refuses (too long, a NUL byte): the
            // client's input, so a 400 — but a missing check all the same, hence the warning.
            LOG.warn("database refused a value on {} {} (incident {}): {} at {}", ctx.method(), ctx.path(), incident, e.getClass().getName(), at);
            Api.json(ctx, 400, Api.errorBody("INVALID", "a value in the request is too long or holds characters that cannot be "
                    + "stored, such as NUL (incident " + incident + "); shorten it or remove them"));
            return;
        }
        LOG.error("internal error {} on {} {}: {} at {}", incident, ctx.method(), ctx.path(), e.getClass().getName(), at);
        Api.json(ctx, 500, Api.errorBody("INTERNAL", "internal error (incident " + incident + "); the server log has the details"));
    }

    /** True when the cause is the database refusing a value: SQLState class 22, "data exception". */
    private static boolean isDataException(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("22")) {
                return true;
            }
        }
        return false;
    }
}
