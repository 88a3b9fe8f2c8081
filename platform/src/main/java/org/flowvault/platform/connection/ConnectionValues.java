package org.flowvault.platform.connection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.reference.ReferenceSyntaxException;
import org.flowvault.platform.reference.ReferenceTemplate;
import org.flowvault.platform.yaml.YamlTree;

/**
 * Parses a connection value (YAML, or JSON when it starts with "{") strictly (see
 * {@link YamlTree}: no repeated keys, aliases or second documents) and checks its references.
 */
final class ConnectionValues {
    /** The largest connection value, in characters. */
    static final int MAX_CHARS = 64 * 1024;
    /** For values saved by older versions only. */
    private static final ObjectMapper LENIENT_JSON = new ObjectMapper();
    private static final ObjectMapper LENIENT_YAML = new ObjectMapper(new YAMLFactory());

    private ConnectionValues() {
    }

    /**
     * The value as an unmodifiable map.
     *
     * @throws PlatformException INVALID with the line and column of the error; the message never
     *         repeats the text (it may hold a password)
     */
    static Map<String, Object> parse(String text) {
        return parse(text, true);
    }

    /**
     * A value read back from the database: parsed as leniently as when it was saved (an older
     * version accepted what is refused now), so that listing and reading never fail; its
     * references are checked again when it is resolved.
     */
    static Map<String, Object> parseStored(String text) {
        return parse(text, false);
    }

    private static Map<String, Object> parse(String text, boolean strict) {
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        boolean json = text.stripLeading().startsWith("{");
        Object parsed;
        try {
            YamlTree.Node root = json ? YamlTree.parseJson(text, MAX_CHARS) : YamlTree.parse(text, MAX_CHARS);
            parsed = root == null ? null : YamlTree.plain(root);
        } catch (YamlTree.SyntaxError e) {
            if (!strict) {
                return lenient(text, json);
            }
            String where = " at line " + e.line() + ", column " + e.column();
            throw PlatformException.invalid(e.fromParser()
                    ? "the connection value is not valid " + (json ? "JSON" : "YAML") + where
                            + ": check quoting, indentation and brackets there (write a map such as \"host: db1\")"
                    : "the connection value" + where + ": " + e.getMessage().replace("the document", "the value"));
        }
        if (parsed == null) {
            return Map.of();
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw PlatformException.invalid("the connection value must be a map of inputs (such as \"host: db1\"), not a "
                    + (parsed instanceof List<?> ? "list" : "single value"));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> frozen = (Map<String, Object>) freeze(map, "", strict);
        return frozen;
    }

    /** A stored value the strict reader refuses (a repeated key, say), read as the version that saved it did. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> lenient(String text, boolean json) {
        try {
            Object v = (json ? LENIENT_JSON : LENIENT_YAML).readValue(text, Object.class);
            return v instanceof Map<?, ?> m ? (Map<String, Object>) freeze(m, "", false) : Map.of();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored connection value is unreadable");
        }
    }

    /** Copies into unmodifiable collections and, when {@code check}, checks every string for reference syntax. */
    private static Object freeze(Object v, String field, boolean check) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String k = String.valueOf(e.getKey());
                out.put(k, freeze(e.getValue(), field.isEmpty() ? k : field + "." + k, check));
            }
            return Collections.unmodifiableMap(out);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (int i = 0; i < l.size(); i++) {
                out.add(freeze(l.get(i), field + "[" + i + "]", check));
            }
            return Collections.unmodifiableList(out);
        }
        if (v instanceof Long l && l == l.intValue()) {
            return l.intValue(); // as a value read by Jackson: an Integer when it fits
        }
        if (check && v instanceof String s) {
            try {
                ReferenceTemplate.parse(s);
            } catch (ReferenceSyntaxException e) {
                throw PlatformException.invalid("field \"" + field + "\" of the connection value: " + e.getMessage());
            }
        }
        return v;
    }
}
