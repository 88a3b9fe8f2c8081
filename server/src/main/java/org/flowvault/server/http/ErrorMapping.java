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
 * bug: the client gets an incident id and no detail; the log gets the id and the exception classes
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
        LOG.error("internal error {} on {} {}: {} at {}", incident, ctx.method(), ctx.path(), describe(e), at);
        Api.json(ctx, 500, Api.errorBody("INTERNAL", "internal error (incident " + incident + "); the server log has the details"));
    }

    /**
     * The exception's class and its causes' classes, each SQLException with its SQLState and vendor
     * code, then the innermost frame in Flowvault's code: enough to find the bug, and no message
     * (messages can quote input and bound values).
     */
    public static String describe(Throwable e) {
        StringBuilder b = new StringBuilder();
        StackTraceElement ours = null;
        int depth = 0;
        for (Throwable t = e; t != null && depth < 8; t = t.getCause() == t ? null : t.getCause(), depth++) {
            b.append(depth == 0 ? "" : " <- ").append(t.getClass().getName());
            if (t instanceof SQLException s) {
                b.append(" [SQLState ").append(s.getSQLState()).append(", code ").append(s.getErrorCode()).append(']');
            }
            for (StackTraceElement f : t.getStackTrace()) {
                if (f.getClassName().startsWith("org.flowvault.")) {
                    ours = f;
                    break;
                }
            }
        }
        return ours == null ? b.toString() : b.append(" (in ").append(ours).append(')').toString();
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
