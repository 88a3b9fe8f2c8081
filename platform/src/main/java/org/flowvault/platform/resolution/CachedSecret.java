package org.flowvault.platform.resolution;

import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A secret's data as read, its KV version (0 on KV v1: the audit trail records it), when it was
 * read (ticker nanos), and its values precomputed for the masker. Immutable; toString never
 * shows the data.
 */
record CachedSecret(Map<String, Object> data, Set<String> values, long version, long fetchedAt) {

    static CachedSecret of(Map<String, Object> data, long version, long fetchedAt) {
        Set<String> values = new HashSet<>();
        collect(data, values);
        return new CachedSecret(data, Set.copyOf(values), version, fetchedAt);
    }

    private static void collect(Object v, Set<String> out) {
        if (v instanceof Map<?, ?> m) {
            for (Object x : m.values()) {
                collect(x, out);
            }
        } else if (v instanceof Collection<?> c) {
            for (Object x : c) {
                collect(x, out);
            }
        } else if (v instanceof String s) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        } else if (v instanceof Number n) {
            out.add(n.toString());
        }
    }

    @Override
    public String toString() {
        return "CachedSecret[" + data.size() + " keys]";
    }
}
