package org.flowvault.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Map;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.identity.Caller;

/**
 * What every route handler shares: the authenticated caller, JSON request bodies read as trees
 * (so a wrong type is reported by field name), and JSON answers. Kept small on purpose: handlers
 * map the platform's types to JSON explicitly, so nothing reaches the wire by accident.
 */
public final class Api {
    static final String CALLER = "flowvault.caller";
    static final String BODY = "flowvault.body";
    /** How deep a request body may nest objects and arrays: far more than any body of this API needs. */
    public static final int MAX_DEPTH = 64;
    /** The longest string value in a request body, in characters. */
    public static final int MAX_STRING = 1024 * 1024;
    /** The longest field name in a request body, in characters. */
    public static final int MAX_FIELD_NAME = 256;
    /**
     * Reads request bodies within the limits above (a request body is at most 4 MiB in any case),
     * refusing a field named twice and anything after the JSON value; writes answers.
     */
    public static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH).maxStringLength(MAX_STRING).maxNameLength(MAX_FIELD_NAME).build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .findAndAddModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

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

    /**
     * The request body as a JSON object (an empty body is an empty object), already checked
     * against the fields the OpenAPI document lists for the route (see {@link Routes}).
     *
     * @throws PlatformException INVALID naming the position of a syntax error, the limit exceeded
     *         or the unknown field; never quoting the body
     */
    public static ObjectNode body(Context ctx) {
        ObjectNode checked = ctx.attribute(BODY);
        return checked != null ? checked : read(ctx.bodyAsBytes());
    }

    /** Parses a request body; see {@link #body}. */
    static ObjectNode read(byte[] bytes) {
        if (bytes.length == 0) {
            return JSON.createObjectNode();
        }
        JsonNode node;
        try {
            node = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw unreadable(e);
        } catch (IOException e) {
            throw PlatformException.invalid("the request body cannot be read");
        }
        if (node == null || node.isMissingNode()) {
            return JSON.createObjectNode();
        }
        if (!node.isObject()) {
            throw PlatformException.invalid("the request body must be a JSON object, not " + kind(node));
        }
        return (ObjectNode) node;
    }

    /** What is wrong with an unparsable body, with its position when the parser knows it. */
    private static PlatformException unreadable(JsonProcessingException e) {
        String detail = String.valueOf(e.getOriginalMessage());
        if (e instanceof StreamConstraintsException) {
            String limit = detail.contains("nesting depth") ? "nests deeper than " + MAX_DEPTH + " levels"
                    : detail.contains("Name length") ? "has a field name longer than " + MAX_FIELD_NAME + " characters"
                    : detail.contains("String value length") ? "has a string longer than " + MAX_STRING / (1024 * 1024) + " MiB"
                    : "exceeds the JSON limits (" + MAX_DEPTH + " levels of nesting, strings of " + MAX_STRING / (1024 * 1024)
                            + " MiB, field names of " + MAX_FIELD_NAME + " characters)";
            return PlatformException.invalid("the request body " + limit);
        }
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 1 ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
        if (detail.startsWith("Duplicate field")) {
            return PlatformException.invalid("the request body names a field twice" + where + "; give each field once");
        }
        return PlatformException.invalid("the request body is not valid JSON in UTF-8" + where + "; send a JSON object");
    }

    private static String kind(JsonNode n) {
        return n.isArray() ? "an array" : n.isTextual() ? "a string" : n.isNumber() ? "a number" : n.isBoolean() ? "a boolean" : "null";
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
    public static Map<String, Object> errorBody(String reason, String message) {
        return Map.of("error", Map.of("reason", reason, "message", message));
    }
}
