package org.flowvault.vault.server.kv;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.flowvault.vault.server.core.Request;
import org.flowvault.vault.server.core.VaultError;

/** Request fields of KV v2 that need Vault's own conversions. */
final class Inputs {
    private Inputs() {
    }

    /**
     * Checks {@code options.cas} against the key's current version, as Vault does: a cas that is
     * present must match (0 means "the key must not exist yet"); when the mount or the key
     * requires cas, it must be present.
     */
    static void checkCas(Map<String, Object> options, KvConfig config, KeyRecord record) {
        long current = record == null ? 0 : record.currentVersion();
        if (options.containsKey("cas")) {
            long cas = weakInteger(options.get("cas"));
            if (cas != current) {
                throw VaultError.badRequest("check-and-set parameter did not match the current version");
            }
        } else if (config.casRequired() || (record != null && record.casRequired())) {
            throw VaultError.badRequest("check-and-set parameter required for this call");
        }
    }

    /** mapstructure's weak decoding to an int: numbers, numeric strings, booleans; null is 0. */
    private static long weakInteger(Object v) {
        if (v == null) {
            return 0;
        }
        if (v instanceof Number n) {
            return n.longValue();
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (v instanceof String s) {
            String t = s.trim();
            if (t.isEmpty()) {
                return 0;
            }
            try {
                return Long.parseLong(t);
            } catch (NumberFormatException e) {
                throw VaultError.badRequest("error parsing check-and-set parameter");
            }
        }
        throw VaultError.badRequest("error parsing check-and-set parameter");
    }

    /**
     * The {@code versions} field (Vault's comma-separated int slice): a JSON array of numbers or
     * numeric strings, a comma-separated string, or a single number.
     */
    static List<Long> versions(Request request) {
        Object raw = request.raw("versions");
        List<Long> out = new ArrayList<>();
        if (raw == null) {
            return out;
        }
        if (raw instanceof Number n) {
            out.add(integral(n));
            return out;
        }
        Collection<?> items;
        if (raw instanceof String s) {
            items = List.of(s.split(","));
        } else if (raw instanceof Collection<?> c) {
            items = c;
        } else {
            throw badVersions();
        }
        for (Object item : items) {
            if (item instanceof Number n) {
                out.add(integral(n));
            } else if (item instanceof String s) {
                String t = s.trim();
                if (t.isEmpty()) {
                    continue;
                }
                try {
                    out.add(Long.parseLong(t));
                } catch (NumberFormatException e) {
                    throw badVersions();
                }
            } else {
                throw badVersions();
            }
        }
        return out;
    }

    private static long integral(Number n) {
        if (n.doubleValue() != Math.rint(n.doubleValue())) {
            throw badVersions();
        }
        return n.longValue();
    }

    private static VaultError badVersions() {
        return VaultError.badRequest("error converting input for field \"versions\": expected a list of version numbers, such as [1, 2] or \"1,2\"");
    }

    /**
     * An object field ({@code data}, {@code options}, {@code custom_metadata}); absent or null is
     * empty. Unlike {@link Request#map}, a wrong type is reported without echoing the value, which
     * may be a secret.
     */
    static Map<String, Object> object(Request request, String field) {
        return new LinkedHashMap<>(field(request, field));
    }

    /**
     * As {@link #object}, but the request's own map (or an empty one), not a copy: for fields
     * that are only read ({@code options}) or copied anyway ({@link #sorted}).
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> field(Request request, String field) {
        Object v = request.raw(field);
        if (v == null) {
            return Map.of();
        }
        if (v instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw VaultError.badRequest("error converting input for field \"" + field + "\": expected a JSON object, got "
                + (v instanceof Collection ? "an array" : v instanceof String ? "a string" : "a " + v.getClass().getSimpleName().toLowerCase()));
    }

    /** Go's time.Duration tops out near 292 years; Vault cannot hold a longer delete_version_after. */
    static final long MAX_DURATION_SECONDS = Long.MAX_VALUE / 1_000_000_000L;

    /** A non-negative duration in whole seconds, within what Vault can represent. */
    static long durationSeconds(Request request, String field) {
        long seconds = request.duration(field, Duration.ZERO).toSeconds();
        return checkedDuration(field, seconds);
    }

    static long checkedDuration(String field, long seconds) {
        if (seconds > MAX_DURATION_SECONDS) {
            throw VaultError.badRequest("\"" + field + "\" is too long: at most " + MAX_DURATION_SECONDS + " seconds (about 292 years)");
        }
        return seconds;
    }

    /** A non-negative integer field. */
    static long nonNegative(Request request, String field) {
        long v = request.integer(field, 0);
        if (v < 0) {
            throw VaultError.badRequest("\"" + field + "\" cannot be negative: " + v);
        }
        return v;
    }

    /**
     * Secret data with every object's keys sorted, the order in which Vault stores (and so
     * returns) them. A deep copy, which also detaches the stored value from the request.
     */
    static Map<String, Object> sorted(Map<String, Object> data) {
        if (flat(data)) {
            // the common secret: sort the few keys in an array rather than through a TreeMap
            String[] keys = data.keySet().toArray(new String[0]);
            java.util.Arrays.sort(keys);
            Map<String, Object> out = new LinkedHashMap<>((int) (keys.length / 0.75f) + 1);
            for (String k : keys) {
                out.put(k, data.get(k));
            }
            return out;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : new TreeMap<>(data).entrySet()) {
            out.put(e.getKey(), sortedValue(e.getValue()));
        }
        return out;
    }

    /** No nested object or array (whose keys would need sorting too). */
    private static boolean flat(Map<String, Object> data) {
        for (Object v : data.values()) {
            if (v instanceof Map<?, ?> || v instanceof Collection<?>) {
                return false;
            }
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    private static Object sortedValue(Object v) {
        if (v instanceof Map<?, ?> m) {
            return sorted((Map<String, Object>) m);
        }
        if (v instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            for (Object o : c) {
                out.add(sortedValue(o));
            }
            return out;
        }
        return v;
    }

    /** Go's weak string conversion of a scalar: 1.50 → "1.5", true → "1". */
    static String weakString(Object v) {
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Boolean b) {
            return b ? "1" : "0";
        }
        if (v instanceof BigDecimal d) {
            return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            return d == 0 ? "0" : BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        }
        if (v instanceof Number n) {
            return n.toString();
        }
        return null;
    }
}
