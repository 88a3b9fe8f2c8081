package org.flowvault.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Map;
import org.flowvault.platform.PlatformException;
import org.flowvault.platform.identity.Caller;

/**
 * What every route handler shares: the authenticated caller, JSON request bodies read as trees
 * (so a wrong type is reported by field name), and JSON answers. Kept small on purpose: handlers
 * map the platform's types to JSON explicitly, so nothing reaches the wire by accident.
 */
public final class Api {
    static final String CALLER = "flowvault.caller";
    public static final ObjectMapper JSON = new ObjectMapper()
            .findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Api() {
    }

    /** The authenticated caller; the authentication filter guarantees it on every protected route. */
    public static Caller caller(Context ctx) {
        Caller caller = ctx.attribute(CALLER);
        if (caller == null) {
            throw new PlatformException(PlatformException.Reason.UNAUTHENTICATED,
                    "authentication required: send 'Authorization: Bearer <API key or session token>'");
        }
        return caller;
    }

    /** The request body as a JSON object; an empty body is an empty object. */
    public static ObjectNode body(Context ctx) {
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length == 0) {
            return JSON.createObjectNode();
        }
        JsonNode node;
        try {
            node = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw PlatformException.invalid("the request body is not valid JSON (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + "); send a JSON object");
        } catch (IOException e) {
            throw PlatformException.invalid("the request body cannot be read");
        }
        if (node == null || !node.isObject()) {
            throw PlatformException.invalid("the request body must be a JSON object");
        }
        return (ObjectNode) node;
    }

    /** Writes {@code value} as JSON with {@code status}. */
    public static void json(Context ctx, int status, Object value) {
        try {
            ctx.status(status).contentType("application/json").result(JSON.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render a response of type " + value.getClass().getSimpleName(), e);
        }
    }

    public static void ok(Context ctx, Object value) {
        json(ctx, 200, value);
    }

    public static void created(Context ctx, Object value) {
        json(ctx, 201, value);
    }

    public static void noContent(Context ctx) {
        ctx.status(204);
    }

    /** The error body: {@code {"error": {"reason": "NOT_FOUND", "message": "..."}}}. */
    static Map<String, Object> errorBody(String reason, String message) {
        return Map.of("error", Map.of("reason", reason, "message", message));
    }
}
