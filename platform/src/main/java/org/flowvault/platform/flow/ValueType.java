package org.flowvault.platform.flow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The type of a flow input or form field. Text given for a typed value (as the CLI's
 * {@code --input k=v} gives it) is converted: {@code "3"} to a number, {@code "true"} to a boolean,
 * JSON text to a map or list. A {@code credential} input's value is a permissioned user id: the run
 * reads the entry of the vault it names ({@code inputs.NAME.user_name}, {@code .password}, {@code .totp}).
 */
public enum ValueType {
    STRING, NUMBER, INTEGER, BOOLEAN, OBJECT, LIST, ANY, CREDENTIAL;

    /** Reads inputs given as JSON text: as deep as an API body may be, no deeper. */
    private static final ObjectMapper JSON = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder().maxNestingDepth(64).build()).build());

    /** The lower-case name users write. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type named {@code name} (case-insensitive), or null. */
    static ValueType named(String name) {
        for (ValueType t : values()) {
            if (t.label().equals(name.toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        return null;
    }

    /**
     * {@code value} converted to this type.
     *
     * @throws IllegalArgumentException whose message says which type was expected (never the value)
     */
    public Object coerce(Object value) {
        if (value == null) {
            return null;
        }
        return switch (this) {
            case ANY -> value;
            case STRING, CREDENTIAL -> {
                if (value instanceof String || value instanceof Number || value instanceof Boolean) {
                    yield value.toString();
                }
                throw expected("text");
            }
            case NUMBER, INTEGER -> {
                Number n = value instanceof Number num ? num : parseNumber(value);
                if (this == INTEGER) {
                    if (n.doubleValue() != Math.rint(n.doubleValue()) || Math.abs(n.doubleValue()) > 9.0e18) {
                        throw expected("a whole number");
                    }
                    yield n.longValue();
                }
                yield n instanceof Double || n instanceof Float ? (Object) n.doubleValue() : (Object) n.longValue();
            }
            case BOOLEAN -> {
                if (value instanceof Boolean b) {
                    yield b;
                }
                if (value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
                    yield Boolean.parseBoolean(s);
                }
                throw expected("true or false");
            }
            case OBJECT -> {
                Object v = value instanceof String s ? parseJson(s, "a map (JSON object)") : value;
                if (v instanceof Map<?, ?>) {
                    yield v;
                }
                throw expected("a map (JSON object)");
            }
            case LIST -> {
                Object v = value instanceof String s ? parseJson(s, "a list (JSON array)") : value;
                if (v instanceof List<?>) {
                    yield v;
                }
                throw expected("a list (JSON array)");
            }
        };
    }

    private Number parseNumber(Object value) {
        if (value instanceof String s) {
            String t = s.strip();
            if (t.matches("-?\\d{1,18}")) {
                return Long.parseLong(t);
            }
            if (t.matches("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?")) {
                return Double.parseDouble(t);
            }
        }
        throw expected(this == INTEGER ? "a whole number" : "a number");
    }

    private static Object parseJson(String s, String what) {
        try {
            return JSON.readValue(s, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("expected " + what);
        }
    }

    private static IllegalArgumentException expected(String what) {
        return new IllegalArgumentException("expected " + what);
    }
}
