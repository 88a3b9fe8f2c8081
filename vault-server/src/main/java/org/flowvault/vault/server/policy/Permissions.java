package org.flowvault.vault.server.policy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.flowvault.vault.server.policy.Operation;

/**
 * The merged permissions of every rule written for one path pattern, across all of a token's
 * policies (Vault's {@code ACLPermissions}). Mutated only while an {@link Acl} is being built;
 * read-only afterwards, so an {@code Acl} can be shared between threads.
 */
final class Permissions {
    int bits;
    private Duration min = Duration.ZERO;
    private Duration max = Duration.ZERO;
    private final Map<String, List<Object>> allowed = new LinkedHashMap<>();
    private final Map<String, List<Object>> denied = new LinkedHashMap<>();
    private final LinkedHashSet<String> required = new LinkedHashSet<>();

    static Permissions of(PathRule rule) {
        Permissions p = new Permissions();
        p.bits = bits(rule);
        p.min = rule.minWrappingTtl();
        p.max = rule.maxWrappingTtl();
        rule.allowedParameters().forEach((k, v) -> p.allowed.put(k, new ArrayList<>(v)));
        rule.deniedParameters().forEach((k, v) -> p.denied.put(k, new ArrayList<>(v)));
        p.required.addAll(rule.requiredParameters());
        return p;
    }

    private static int bits(PathRule rule) {
        int bits = 0;
        for (String c : rule.capabilities()) {
            bits |= Capability.of(c).bit();
        }
        return bits;
    }

    /** Adds another rule for the same pattern, as Vault's NewACL does: deny wins, the rest unite. */
    void merge(PathRule rule) {
        if (denies()) {
            return;
        }
        int other = bits(rule);
        if ((other & Capability.DENY.bit()) != 0) {
            bits = Capability.DENY.bit();
            allowed.clear();
            denied.clear();
            return;
        }
        bits |= other;
        // the lesser of two wrapping bounds wins, keeping lifetimes as short as possible
        if (rule.maxWrappingTtl().isPositive() && (max.isZero() || rule.maxWrappingTtl().compareTo(max) < 0)) {
            max = rule.maxWrappingTtl();
        }
        if (rule.minWrappingTtl().isPositive() && (min.isZero() || rule.minWrappingTtl().compareTo(min) < 0)) {
            min = rule.minWrappingTtl();
        }
        mergeParameters(allowed, rule.allowedParameters());
        mergeParameters(denied, rule.deniedParameters());
        required.addAll(rule.requiredParameters());
    }

    private static void mergeParameters(Map<String, List<Object>> into, Map<String, List<Object>> add) {
        add.forEach((key, values) -> {
            List<Object> existing = into.get(key);
            // an empty list means "any value" and absorbs any list it meets
            if (values.isEmpty() || (existing != null && existing.isEmpty())) {
                into.put(key, new ArrayList<>());
            } else {
                List<Object> merged = new ArrayList<>(values);
                if (existing != null) {
                    merged.addAll(existing);
                }
                into.put(key, merged);
            }
        });
    }

    boolean denies() {
        return (bits & Capability.DENY.bit()) != 0;
    }

    boolean has(Capability c) {
        return (bits & c.bit()) != 0;
    }

    /** Whether some capability other than deny is granted. */
    boolean grantsAnything() {
        return bits != 0 && !denies();
    }

    /**
     * Vault's AllowOperation after the rule was found: the capability, the response-wrapping
     * bounds, then the parameter constraints for operations that carry parameters.
     */
    boolean permits(Operation op, Map<String, ?> data, Duration wrapTtl) {
        if (denies() || !has(Capability.of(op.capability()))) {
            return false;
        }
        if (max.isPositive() && (wrapTtl == null || wrapTtl.compareTo(max) > 0)) {
            return false;
        }
        if (min.isPositive() && (wrapTtl == null || wrapTtl.compareTo(min) < 0)) {
            return false;
        }
        if (!min.isZero() && !max.isZero() && max.compareTo(min) < 0) {
            return false;
        }
        if (op != Operation.READ && op != Operation.UPDATE && op != Operation.CREATE && op != Operation.PATCH) {
            return true;
        }
        for (String parameter : required) {
            if (!data.containsKey(parameter.toLowerCase(Locale.ROOT))) {
                return false;
            }
        }
        if (data.isEmpty()) {
            return true;
        }
        if (!denied.isEmpty()) {
            if (denied.containsKey("*")) {
                return false;
            }
            for (Map.Entry<String, ?> e : data.entrySet()) {
                List<Object> values = denied.get(e.getKey().toLowerCase(Locale.ROOT));
                if (values != null && inDeniedList(e.getValue(), values)) {
                    return false;
                }
            }
        }
        if (allowed.isEmpty()) {
            return true;
        }
        boolean allowedAll = allowed.containsKey("*");
        if (allowedAll && allowed.size() == 1) {
            return true;
        }
        for (Map.Entry<String, ?> e : data.entrySet()) {
            List<Object> values = allowed.get(e.getKey().toLowerCase(Locale.ROOT));
            if (values == null && !allowedAll) {
                return false;
            }
            if (values != null && !inAllowedList(e.getValue(), values)) {
                return false;
            }
        }
        return true;
    }

    /** A list value passes when every element is allowed; a string is read as comma-separated. */
    private static boolean inAllowedList(Object value, List<Object> list) {
        if (list.isEmpty() || inList(value, list)) {
            return true;
        }
        List<?> parts = parts(value);
        return parts != null && parts.stream().allMatch(v -> inList(v, list));
    }

    /** A list value is denied when any element is denied; a string is read as comma-separated. */
    private static boolean inDeniedList(Object value, List<Object> list) {
        if (list.isEmpty() || inList(value, list)) {
            return true;
        }
        List<?> parts = parts(value);
        return parts != null && parts.stream().anyMatch(v -> inList(v, list));
    }

    private static List<?> parts(Object value) {
        if (value instanceof List<?> l) {
            return l;
        }
        if (value instanceof String s) {
            // Vault's ParseCommaStringSlice: "" is no elements, otherwise trimmed comma-split parts
            return s.isEmpty() ? List.of() : List.of(s.split(",", -1)).stream().map(String::trim).toList();
        }
        return null;
    }

    private static boolean inList(Object value, List<Object> list) {
        for (Object element : list) {
            if (element == null || value == null) {
                if (element == value) {
                    return true;
                }
            } else if (element instanceof String pattern) {
                if (value instanceof String s && globMatch(pattern, s)) {
                    return true;
                }
            } else if (element instanceof Number a && value instanceof Number b) {
                if (sameNumber(a, b)) {
                    return true;
                }
            } else if (element.equals(value)) {
                return true;
            }
        }
        return false;
    }

    /** 1 and 1.0 are the same parameter value, whichever JSON number type carried them. */
    private static boolean sameNumber(Number a, Number b) {
        try {
            return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString())) == 0;
        } catch (NumberFormatException e) {
            return a.equals(b); // NaN or infinity
        }
    }

    /** Vault's GlobbedStringsMatch: '*' only at the start and/or end of the pattern. */
    static boolean globMatch(String pattern, String value) {
        int n = pattern.length();
        if (n < 2) {
            return pattern.equals(value);
        }
        if (pattern.startsWith("*") && pattern.endsWith("*")) {
            return value.contains(pattern.substring(1, n - 1));
        }
        if (pattern.startsWith("*")) {
            return value.endsWith(pattern.substring(1));
        }
        if (pattern.endsWith("*")) {
            return value.startsWith(pattern.substring(0, n - 1));
        }
        return pattern.equals(value);
    }
}
