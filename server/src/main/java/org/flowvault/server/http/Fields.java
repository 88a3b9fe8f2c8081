package org.flowvault.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flowvault.platform.error.PlatformException;

/**
 * Typed reads of request fields with errors that name the field and the expected form (never the
 * value, which may be a secret).
 */
public final class Fields {
    private static final Pattern DURATION = Pattern.compile("(\\d+)([smhd])");

    private Fields() {
    }

    public static String requiredText(ObjectNode body, String field) {
        String v = text(body, field, null);
        if (v == null || v.isBlank()) {
            throw PlatformException.invalid("'" + field + "' is required");
        }
        return v;
    }

    public static String text(ObjectNode body, String field, String fallback) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isTextual()) {
            throw PlatformException.invalid("'" + field + "' must be a string");
        }
        return n.asText();
    }

    /** The longest credential (a Vault token, a secret id, a password) the API takes. */
    public static final int MAX_CREDENTIAL = 4096;

    /**
     * A credential (a Vault token, a role or secret id, a user name or password for Vault): text of
     * at most {@value #MAX_CREDENTIAL} characters without control characters, so that it can be
     * sent in a header or a body as it is. Null when absent. The error never shows the value.
     */
    public static String credential(ObjectNode body, String field) {
        String v = text(body, field, null);
        if (v != null && (v.length() > MAX_CREDENTIAL || v.chars().anyMatch(c -> c < 0x20 || c == 0x7f))) {
            throw PlatformException.invalid("'" + field + "' must be at most " + MAX_CREDENTIAL + " characters without control "
                    + "characters (no line breaks, tabs or NUL)");
        }
        return v;
    }

    /** A Vault token: a {@link #credential} of printable ASCII, since it travels in an HTTP header. */
    public static String token(ObjectNode body, String field) {
        String v = credential(body, field);
        if (v != null && v.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)) {
            throw PlatformException.invalid("'" + field + "' must be a Vault token: printable ASCII characters without spaces");
        }
        return v;
    }

    public static boolean bool(ObjectNode body, String field, boolean fallback) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isBoolean()) {
            throw PlatformException.invalid("'" + field + "' must be true or false");
        }
        return n.asBoolean();
    }

    public static boolean has(ObjectNode body, String field) {
        JsonNode n = body.get(field);
        return n != null && !n.isNull();
    }

    /**
     * A duration given as whole seconds or as Vault-style text ({@code 90s}, {@code 15m},
     * {@code 1h}, {@code 2d}, or combinations such as {@code 1h30m}).
     */
    public static Duration duration(ObjectNode body, String field, Duration fallback) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (n.canConvertToLong() && n.isIntegralNumber()) {
            return Duration.ofSeconds(n.asLong());
        }
        if (n.isTextual()) {
            Duration d = parseDuration(n.asText());
            if (d != null) {
                return d;
            }
        }
        throw PlatformException.invalid("'" + field + "' must be seconds or a duration such as 90s, 15m, 1h or 2d");
    }

    static Duration parseDuration(String text) {
        String t = text.trim();
        if (t.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(t));
        }
        Matcher m = DURATION.matcher(t);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                return null;
            }
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
            end = m.end();
        }
        return end == t.length() && end > 0 ? total : null;
    }

    /** A list of strings; a single comma-separated string is accepted too. */
    public static List<String> stringList(ObjectNode body, String field) {
        JsonNode n = body.get(field);
        List<String> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (n.isTextual()) {
            for (String part : n.asText().split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
            return out;
        }
        if (!n.isArray()) {
            throw PlatformException.invalid("'" + field + "' must be a list of strings or a comma-separated string");
        }
        for (JsonNode e : n) {
            if (!e.isTextual()) {
                throw PlatformException.invalid("'" + field + "' must contain only strings");
            }
            out.add(e.asText());
        }
        return out;
    }

    /** A JSON object as a map (values as Jackson reads them); null when absent. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(ObjectNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            throw PlatformException.invalid("'" + field + "' must be a JSON object");
        }
        return Api.JSON.convertValue(n, LinkedHashMap.class);
    }
}
