package org.flowvault.sdk.core;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Reads of the server's JSON answers: absent and null fields alike are null (or empty, or false). */
final class ResponseJson {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() { };

    private ResponseJson() {
    }

    static boolean present(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && !v.isNull();
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.isTextual() ? v.textValue() : v.toString();
    }

    static Integer integer(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || !v.canConvertToInt() ? null : v.asInt();
    }

    static Long longValue(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || !v.canConvertToLong() ? null : v.asLong();
    }

    static boolean bool(JsonNode n, String field) {
        return n.path(field).asBoolean(false);
    }

    static Boolean boolOrNull(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || !v.isBoolean() ? null : v.booleanValue();
    }

    static Instant instant(JsonNode n, String field) {
        String t = text(n, field);
        if (t == null) {
            return null;
        }
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            return OffsetDateTime.parse(t).toInstant();
        }
    }

    /** A JSON object as an insertion-ordered, unmodifiable map (values as Jackson reads them); empty when absent. */
    static Map<String, Object> map(JsonNode n) {
        if (n == null || !n.isObject()) {
            return Map.of();
        }
        return Collections.unmodifiableMap(MAPPER.convertValue(n, MAP));
    }

    static List<String> strings(JsonNode n, String field) {
        return list(n, field, JsonNode::asText);
    }

    static <T> List<T> list(JsonNode n, String field, Function<JsonNode, T> item) {
        JsonNode a = n.get(field);
        if (a == null || !a.isArray()) {
            return List.of();
        }
        List<T> out = new ArrayList<>(a.size());
        for (JsonNode e : a) {
            out.add(item.apply(e));
        }
        return List.copyOf(out);
    }

    /** A request body: insertion-ordered, null values left out. */
    static Map<String, Object> body(Object... namesAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                m.put((String) namesAndValues[i], namesAndValues[i + 1]);
            }
        }
        return m;
    }
}
