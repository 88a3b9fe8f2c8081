package org.flowvault.vault.client.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The client's one {@link ObjectMapper} and the conversions every engine needs: JSON trees to
 * plain Java values, Vault's durations and timestamps. Stateless and thread-safe. Not public API.
 */
public final class ClientJson {
    /** Shared: an ObjectMapper is thread-safe once configured, and costly to create. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private ClientJson() {
    }

    /** Serializes a request body; a body Jackson cannot write is a programming error. */
    public static byte[] bytes(Object body) {
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            // Jackson's message may quote the value: keep only the type that failed.
            throw new IllegalArgumentException("the request body (" + body.getClass().getName() + ") cannot be written as JSON");
        }
    }

    /** Parses a response body; null for an empty one. */
    public static JsonNode parse(byte[] bytes) throws IOException {
        if (bytes == null || bytes.length == 0) {
            return null;
        }
        return MAPPER.readTree(bytes);
    }

    /**
     * Parses {@code bytes[offset, offset + length)} in place (a slice of a connection's buffer);
     * null when empty. The same tree {@code MAPPER.readTree} builds (ints, longs, big integers,
     * doubles; the last of duplicate keys wins), but built straight from the streaming parser:
     * databind's per-call deserialization context and root-deserializer lookup cost more than
     * the tree of a typical Vault answer.
     */
    public static JsonNode parse(byte[] bytes, int offset, int length) throws IOException {
        if (length == 0) {
            return null;
        }
        try (JsonParser p = MAPPER.getFactory().createParser(bytes, offset, length)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return MissingNode.getInstance();
            }
            return node(p, t);
        }
    }

    private static JsonNode node(JsonParser p, JsonToken t) throws IOException {
        // Recursion is bounded: the parser refuses nesting deeper than its StreamReadConstraints allow.
        JsonNodeFactory f = JsonNodeFactory.instance;
        switch (t) {
            case START_OBJECT -> {
                ObjectNode o = f.objectNode();
                for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                    o.set(name, node(p, p.nextToken()));
                }
                if (p.currentToken() != JsonToken.END_OBJECT) {
                    throw new com.fasterxml.jackson.core.JsonParseException(p, "unexpected token in an object");
                }
                return o;
            }
            case START_ARRAY -> {
                ArrayNode a = f.arrayNode();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    if (e == null) {
                        throw new com.fasterxml.jackson.core.JsonParseException(p, "unexpected end of an array");
                    }
                    a.add(node(p, e));
                }
                return a;
            }
            case VALUE_STRING -> {
                return f.textNode(p.getText());
            }
            case VALUE_NUMBER_INT -> {
                return switch (p.getNumberType()) {
                    case INT -> f.numberNode(p.getIntValue());
                    case LONG -> f.numberNode(p.getLongValue());
                    default -> f.numberNode(p.getBigIntegerValue());
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                return f.numberNode(p.getDoubleValue());
            }
            case VALUE_TRUE -> {
                return f.booleanNode(true);
            }
            case VALUE_FALSE -> {
                return f.booleanNode(false);
            }
            case VALUE_NULL -> {
                return f.nullNode();
            }
            default -> throw new com.fasterxml.jackson.core.JsonParseException(p, "unexpected token " + t);
        }
    }

    /**
     * A JSON value as plain Java: objects become unmodifiable insertion-ordered maps, arrays
     * unmodifiable lists, numbers Integer/Long/BigInteger/Double/BigDecimal, JSON null Java null.
     */
    public static Object toJava(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        return switch (node.getNodeType()) {
            case OBJECT -> toMap(node);
            case ARRAY -> {
                List<Object> list = new ArrayList<>(node.size());
                for (JsonNode n : node) {
                    list.add(toJava(n));
                }
                yield Collections.unmodifiableList(list);
            }
            case STRING -> node.textValue();
            case NUMBER -> node.numberValue();
            case BOOLEAN -> node.booleanValue();
            case BINARY -> node.asText();
            default -> null;
        };
    }

    /** An object node as an unmodifiable map (empty for null or a non-object). */
    public static Map<String, Object> toMap(JsonNode node) {
        if (node == null || !node.isObject()) {
            return Map.of();
        }
        Map<String, Object> map = new LinkedHashMap<>(Math.max(4, node.size() * 2));
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            map.put(e.getKey(), toJava(e.getValue()));
        }
        return Collections.unmodifiableMap(map);
    }

    /** An object of strings (custom metadata, token meta) as an unmodifiable map; empty for null. */
    public static Map<String, String> stringMap(JsonNode node) {
        if (node == null || !node.isObject()) {
            return Map.of();
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            map.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText());
        }
        return Collections.unmodifiableMap(map);
    }

    /** An array of strings (or a comma-separated string, as Vault sometimes answers); empty for null. */
    public static List<String> strings(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return List.of();
        }
        if (node.isTextual()) {
            String s = node.textValue();
            if (s.isEmpty()) {
                return List.of();
            }
            List<String> out = new ArrayList<>();
            for (String part : s.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
            return List.copyOf(out);
        }
        List<String> out = new ArrayList<>(node.size());
        for (JsonNode n : node) {
            out.add(n.asText());
        }
        return List.copyOf(out);
    }

    /** A text field, or null when absent, null or empty. */
    public static String text(JsonNode node, String field) {
        JsonNode n = node == null ? null : node.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        String s = n.asText();
        return s.isEmpty() ? null : s;
    }

    public static long longValue(JsonNode node, String field) {
        JsonNode n = node == null ? null : node.get(field);
        if (n == null || n.isNull()) {
            return 0;
        }
        if (n.isTextual()) {
            try {
                return Long.parseLong(n.textValue().trim());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return n.asLong();
    }

    public static boolean bool(JsonNode node, String field) {
        JsonNode n = node == null ? null : node.get(field);
        return n != null && (n.isBoolean() ? n.booleanValue() : "true".equalsIgnoreCase(n.asText()));
    }

    /**
     * A duration field: Vault answers seconds as a number, or a Go duration string such as
     * "768h" or "1h30m15s" in some endpoints. Absent, null or unparsable is zero.
     */
    public static Duration duration(JsonNode node, String field) {
        JsonNode n = node == null ? null : node.get(field);
        if (n == null || n.isNull()) {
            return Duration.ZERO;
        }
        if (n.isNumber()) {
            return Duration.ofSeconds(n.asLong());
        }
        return parseGoDuration(n.asText());
    }

    /** "90", "90s", "1h30m", "768h", "1.5h"; zero when empty or not a duration. */
    static Duration parseGoDuration(String text) {
        String s = text.trim();
        if (s.isEmpty()) {
            return Duration.ZERO;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(s));
        } catch (NumberFormatException ignored) {
            // a unit follows
        }
        double seconds = 0;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            if (start == i) {
                return Duration.ZERO;
            }
            double value = Double.parseDouble(s.substring(start, i));
            int unitStart = i;
            while (i < s.length() && Character.isLetter(s.charAt(i))) {
                i++;
            }
            seconds += switch (s.substring(unitStart, i)) {
                case "h" -> value * 3600;
                case "m" -> value * 60;
                case "s" -> value;
                case "ms" -> value / 1000;
                case "d" -> value * 86400;
                default -> Double.NaN;
            };
            if (Double.isNaN(seconds)) {
                return Duration.ZERO;
            }
        }
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    /** An RFC 3339 timestamp field; null when absent, empty, or Go's zero time. */
    public static Instant instant(JsonNode node, String field) {
        String s = text(node, field);
        if (s == null || s.startsWith("0001-01-01")) {
            return null;
        }
        Instant fast = rfc3339(s);
        if (fast != null) {
            return fast;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            try {
                return java.time.OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    /**
     * Vault's own timestamp shape, "2026-11-25T01:18:34.092763312Z" (or with a numeric offset), read
     * without the general {@code DateTimeFormatter} machinery, which costs more than the rest of a KV
     * read's parsing. Null for anything else (leap seconds, lower-case oddities, 24:00), which the
     * caller hands to the general parser.
     */
    static Instant rfc3339(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        int hour = digits(s, 11, 13);
        int minute = digits(s, 14, 16);
        int second = digits(s, 17, 19);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59 || hour < 0 || minute < 0 || second < 0) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                if (i - start < 9) {
                    nanos = nanos * 10 + (s.charAt(i) - '0');
                }
                i++;
            }
            if (i == start) {
                return null;
            }
            for (int k = i - start; k < 9; k++) {
                nanos *= 10;
            }
        }
        int offset;
        if (i == n - 1 && s.charAt(i) == 'Z') {
            offset = 0;
        } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
            int oh = digits(s, i + 1, i + 3);
            int om = digits(s, i + 4, i + 6);
            if (oh < 0 || om < 0 || oh > 18 || om > 59) {
                return null;
            }
            offset = (s.charAt(i) == '-' ? -1 : 1) * (oh * 3600 + om * 60);
        } else {
            return null;
        }
        long epochDay;
        try {
            epochDay = java.time.LocalDate.of(year, month, day).toEpochDay();
        } catch (java.time.DateTimeException e) {
            return null; // the 30th of February: let the general parser say so
        }
        return Instant.ofEpochSecond(epochDay * 86_400L + hour * 3600L + minute * 60L + second - offset, nanos);
    }

    /** The decimal number in {@code s[from, to)}, or -1 when a character is not a digit. */
    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** A duration as Vault accepts it in a request: whole seconds with a unit, "3600s". */
    public static String seconds(Duration d) {
        return d.toSeconds() + "s";
    }
}
