package org.flowvault.server.http;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small helpers for building JSON views: insertion-ordered maps that keep nulls out, ISO instants. */
public final class Views {
    private Views() {
    }

    /** A view from alternating keys and values; null values are left out. */
    public static Map<String, Object> of(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            Object v = keysAndValues[i + 1];
            if (v instanceof Instant t) {
                v = t.toString();
            } else if (v instanceof Duration d) {
                v = d.toSeconds();
            }
            if (v != null) {
                m.put((String) keysAndValues[i], v);
            }
        }
        return m;
    }
}
