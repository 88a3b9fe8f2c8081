package org.flowvault.vault.client.kv;

import java.util.LinkedHashMap;
import java.util.Map;

/** JSON merge patch (RFC 7396) on plain Java maps, for the client-side PATCH fallback. */
final class MergePatch {
    private MergePatch() {
    }

    static Map<String, Object> apply(Map<String, Object> target, Map<String, ?> patch) {
        Map<String, Object> out = new LinkedHashMap<>(target);
        for (Map.Entry<String, ?> e : patch.entrySet()) {
            Object value = e.getValue();
            if (value == null) {
                out.remove(e.getKey());
            } else if (value instanceof Map<?, ?> patchMap) {
                Object existing = out.get(e.getKey());
                @SuppressWarnings("unchecked")
                Map<String, Object> base = existing instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
                @SuppressWarnings("unchecked")
                Map<String, ?> nested = (Map<String, ?>) patchMap;
                out.put(e.getKey(), apply(base, nested));
            } else {
                out.put(e.getKey(), value);
            }
        }
        return out;
    }
}
