package org.flowvault.platform.connection;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowvault.platform.PlatformException;
import org.flowvault.platform.reference.ReferenceSyntaxException;
import org.flowvault.platform.reference.Template;

/** Parses a connection value (YAML, or JSON when it starts with "{") and checks its references. */
final class ConnectionValues {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ConnectionValues() {
    }

    /**
     * The value as an unmodifiable map.
     *
     * @throws PlatformException INVALID with the line and column of the error; the message never
     *         repeats the text (it may hold a password)
     */
    static Map<String, Object> parse(String text) {
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        boolean json = text.stripLeading().startsWith("{");
        Object parsed;
        try {
            parsed = (json ? JSON : YAML).readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw PlatformException.invalid("the connection value is not valid " + (json ? "JSON" : "YAML") + where
                    + ": check quoting, indentation and brackets there (write a map such as \"host: db1\")");
        }
        if (parsed == null) {
            return Map.of();
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw PlatformException.invalid("the connection value must be a map of inputs (such as \"host: db1\"), not a "
                    + (parsed instanceof List<?> ? "list" : "single value"));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> frozen = (Map<String, Object>) freeze(map, "");
        return frozen;
    }

    /** Copies into unmodifiable collections and checks every string for reference syntax. */
    private static Object freeze(Object v, String field) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String k = String.valueOf(e.getKey());
                out.put(k, freeze(e.getValue(), field.isEmpty() ? k : field + "." + k));
            }
            return Collections.unmodifiableMap(out);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (int i = 0; i < l.size(); i++) {
                out.add(freeze(l.get(i), field + "[" + i + "]"));
            }
            return Collections.unmodifiableList(out);
        }
        if (v instanceof String s) {
            try {
                Template.parse(s);
            } catch (ReferenceSyntaxException e) {
                throw PlatformException.invalid("field \"" + field + "\" of the connection value: " + e.getMessage());
            }
        }
        return v;
    }
}
