package org.flowvault.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.flowvault.platform.error.PlatformException;

/**
 * The fields each route's request body may have, read from the OpenAPI document, so that the
 * document and the checks cannot drift apart. A schema with {@code properties} is closed: a field
 * it does not list is refused, naming the field and the ones allowed. A schema without
 * {@code properties} (the free-form {@code inputs}, {@code data}, {@code overrides}...), or with
 * {@code additionalProperties} other than {@code false}, takes any field. A route the document
 * gives no request body takes no fields. Immutable and thread-safe.
 */
final class RequestBodies {
    /**
     * A field name shown in an error: one that looks like a field of this API (a typo of one).
     * Anything else is described, not quoted: a token pasted as a key must not come back.
     */
    private static final Pattern SHOWABLE = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,31}");
    private static final Fields NONE = new Fields(Map.of());

    /** The fields of one object; a null value means the field may hold anything. */
    private record Fields(Map<String, Fields> properties) {
    }

    private final JsonNode document;
    private final Map<String, Fields> byRoute = new HashMap<>();

    private RequestBodies(JsonNode document) {
        this.document = document;
        document.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            JsonNode schema = op.getValue().path("requestBody").path("content").path("application/json").path("schema");
            Fields fields = schema.isMissingNode() ? NONE : fields(schema);
            byRoute.put(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(), fields);
        }));
    }

    /** The request bodies described by {@code openApi}, an OpenAPI 3.1 document. */
    static RequestBodies of(JsonNode openApi) {
        return new RequestBodies(openApi);
    }

    /**
     * Checks {@code body}, the request body of {@code method path} ({@code path} as registered,
     * such as {@code /api/v1/projects/{project}}).
     *
     * @throws PlatformException INVALID naming the first unknown field and the allowed ones
     */
    void check(String method, String path, ObjectNode body) {
        Fields fields = byRoute.getOrDefault(method + " " + path, NONE);
        check(fields, body, "");
    }

    private static void check(Fields fields, JsonNode body, String prefix) {
        if (fields == null || !body.isObject()) {
            return;
        }
        for (Map.Entry<String, JsonNode> e : body.properties()) {
            String name = e.getKey();
            if (!fields.properties().containsKey(name)) {
                throw PlatformException.invalid(unknown(prefix, name) + allowed(fields, prefix));
            }
            check(fields.properties().get(name), e.getValue(), prefix + name + ".");
        }
    }

    private static String unknown(String prefix, String name) {
        return SHOWABLE.matcher(name).matches() ? "unknown field '" + prefix + name + "' in the request body"
                : "a field with an unknown name of " + name.length() + " characters" + (prefix.isEmpty() ? "" : " in '"
                        + prefix.substring(0, prefix.length() - 1) + "'") + " in the request body";
    }

    private static String allowed(Fields fields, String prefix) {
        if (fields.properties().isEmpty()) {
            return prefix.isEmpty() ? "; this route takes no fields" : "; '" + prefix.substring(0, prefix.length() - 1) + "' takes no fields";
        }
        return "; the fields" + (prefix.isEmpty() ? "" : " of '" + prefix.substring(0, prefix.length() - 1) + "'") + " are "
                + String.join(", ", fields.properties().keySet());
    }

    /** The closed field list of an object schema, or null when any field is allowed. */
    private Fields fields(JsonNode schema) {
        JsonNode s = resolve(schema);
        JsonNode properties = s.get("properties");
        JsonNode additional = s.get("additionalProperties");
        if (properties == null || !properties.isObject() || (additional != null && !(additional.isBoolean() && !additional.asBoolean()))) {
            return null;
        }
        Map<String, Fields> out = new LinkedHashMap<>();
        properties.properties().forEach(p -> out.put(p.getKey(), fields(p.getValue())));
        return new Fields(out);
    }

    private JsonNode resolve(JsonNode schema) {
        JsonNode s = schema;
        for (int hops = 0; s.has("$ref") && hops < 8; hops++) {
            s = document.at(s.get("$ref").asText().substring(1));
        }
        return s;
    }
}
