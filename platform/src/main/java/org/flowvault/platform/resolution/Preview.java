package org.flowvault.platform.resolution;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flowvault.platform.masking.Masker;

/**
 * What a connection resolves to, safe to show: every key with its {@link Source}; values read
 * from Vault (and any other value equal to a secret) are replaced by {@link #MASK}.
 *
 * @param connection the connection's name
 * @param type       its task type
 * @param fields     one per input key, in the order of the resolution
 * @param stale      whether a secret was served stale
 */
public record Preview(String connection, String type, List<Field> fields, boolean stale) {
    /** What a masked value is shown as: the masker's glyph, so a value reads the same in previews, logs, runs and the CLI. */
    public static final String MASK = Masker.REPLACEMENT;

    /**
     * One input.
     *
     * @param key    the input's key
     * @param source where it came from
     * @param value  the value, or {@link #MASK} when it came from Vault
     */
    public record Field(String key, Source source, Object value) {
        @Override
        public String toString() {
            return key + " <- " + source.kind() + (source.origins().isEmpty() ? "" : " " + source.origins());
        }
    }

    public Preview {
        fields = List.copyOf(fields);
    }

    /** The masked view of a resolution. */
    public static Preview of(Resolution r) {
        List<Field> fields = new ArrayList<>(r.inputs().size());
        for (Map.Entry<String, Object> e : r.inputs().entrySet()) {
            Source s = r.sources().get(e.getKey());
            Object shown = s.fromVault() ? MASK : mask(e.getValue(), r.secretValues());
            fields.add(new Field(e.getKey(), s, shown));
        }
        return new Preview(r.connection(), r.type(), fields, r.stale());
    }

    /** Plain values are shown, except where one equals a secret (an override may carry one). */
    private static Object mask(Object v, Set<String> secrets) {
        if (v instanceof String s) {
            return secrets.contains(s) ? MASK : s;
        }
        if (v instanceof Number n) {
            return secrets.contains(n.toString()) ? MASK : n;
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(k, mask(x, secrets)));
            return out;
        }
        if (v instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            c.forEach(x -> out.add(mask(x, secrets)));
            return out;
        }
        return v;
    }
}
