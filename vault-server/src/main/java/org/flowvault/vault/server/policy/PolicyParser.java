package org.flowvault.vault.server.policy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.flowvault.vault.server.internal.Durations;

/**
 * Parses ACL policy text, in HCL or JSON, with Vault's rules and Vault's error messages.
 *
 * <pre>{@code
 * path "secret/data/*" { capabilities = ["read", "list"] }
 * {"path": {"secret/data/*": {"capabilities": ["read", "list"]}}}
 * }</pre>
 *
 * <p>Accepted keys are Vault's: top level {@code name} and {@code path}; in a path block
 * {@code capabilities}, legacy {@code policy} (read, write, sudo, deny), {@code allowed_parameters},
 * {@code denied_parameters}, {@code required_parameters}, {@code min_wrapping_ttl},
 * {@code max_wrapping_ttl}, {@code comment}, and the Enterprise-only {@code mfa_methods},
 * {@code control_group} and {@code subscribe_event_types}, which are accepted and ignored. An
 * attribute repeated in one block is concatenated when it is a list and replaced otherwise, as
 * HCL 1 decodes it. Identity templating ({@code {{identity.entity.id}}}) is not expanded: such a
 * path is kept literally.
 *
 * @see <a href="https://developer.hashicorp.com/vault/docs/concepts/policies">Vault policies</a>
 */
public final class PolicyParser {
    private static final Set<String> TOP_KEYS = Set.of("name", "path");
    private static final Set<String> PATH_KEYS = Set.of("comment", "policy", "capabilities",
            "allowed_parameters", "denied_parameters", "required_parameters", "min_wrapping_ttl",
            "max_wrapping_ttl", "mfa_methods", "control_group", "subscribe_event_types");

    private PolicyParser() {
    }

    /**
     * Parses {@code text} into a policy called {@code name}; stateless and thread-safe.
     *
     * @throws PolicyException with a message starting {@code failed to parse policy: } that names
     *     the bad key, capability or path, or gives the line and column of a syntax error
     */
    public static Policy parse(String name, String text) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(text, "text");
        try {
            Hcl.Obj root = Hcl.parse(text);
            List<PathRule> rules = new ArrayList<>();
            for (Hcl.Item item : root.items()) {
                String key = item.keys().getFirst();
                if (!TOP_KEYS.contains(key)) {
                    throw new Invalid("invalid key \"" + key + "\" on line " + item.line());
                }
                if (key.equals("path")) {
                    for (Hcl.Item block : pathBlocks(item)) {
                        rules.add(rule(block.keys().getFirst(), block.value(), block.line()));
                    }
                }
            }
            return new Policy(name, text, rules);
        } catch (Hcl.SyntaxError | Invalid e) {
            throw new PolicyException("failed to parse policy: " + e.getMessage());
        }
    }

    /** The blocks of one top-level {@code path} item, as (label, body) items. */
    private static List<Hcl.Item> pathBlocks(Hcl.Item item) {
        List<String> keys = item.keys();
        if (keys.size() == 2) {
            return List.of(new Hcl.Item(List.of(keys.get(1)), item.value(), item.line()));
        }
        if (keys.size() > 2) {
            throw new Invalid("path block takes one label, found " + (keys.size() - 1) + " on line " + item.line());
        }
        // JSON and "path = { ... }" forms: an object whose keys are the paths, or a list of them
        List<Hcl.Item> blocks = new ArrayList<>();
        List<?> values = item.value() instanceof List<?> l ? l : Collections.singletonList(item.value());
        for (Object v : values) {
            if (!(v instanceof Hcl.Obj obj)) {
                throw new Invalid("path on line " + item.line() + " must be an object keyed by path");
            }
            for (Hcl.Item inner : obj.items()) {
                if (inner.keys().size() != 1) {
                    throw new Invalid("path on line " + inner.line() + " must be an object keyed by path");
                }
                blocks.add(inner);
            }
        }
        return blocks;
    }

    private static PathRule rule(String key, Object value, int line) {
        String where = "path \"" + key + "\": ";
        if (!(value instanceof Hcl.Obj body)) {
            throw new Invalid(where + "expected an object on line " + line);
        }
        String legacy = null;
        List<String> capabilities = new ArrayList<>();
        Map<String, List<Object>> allowed = new LinkedHashMap<>();
        Map<String, List<Object>> denied = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        Object minTtl = null;
        Object maxTtl = null;
        for (Hcl.Item item : body.items()) {
            String k = item.keys().getFirst();
            if (item.keys().size() != 1 || !PATH_KEYS.contains(k)) {
                throw new Invalid(where + "invalid key \"" + k + "\" on line " + item.line());
            }
            switch (k) {
                case "policy" -> legacy = string(item, where);
                case "capabilities" -> capabilities.addAll(strings(item, where));
                case "required_parameters" -> required.addAll(strings(item, where));
                case "allowed_parameters" -> parameters(item, where, allowed);
                case "denied_parameters" -> parameters(item, where, denied);
                case "min_wrapping_ttl" -> minTtl = item.value();
                case "max_wrapping_ttl" -> maxTtl = item.value();
                default -> {
                    // comment, and Enterprise features this server does not enforce
                }
            }
        }

        String path = key.startsWith("/") ? key.substring(1) : key;
        if (path.contains("+*")) {
            throw new Invalid("path \"" + path + "\": invalid use of wildcards ('+*' is forbidden)");
        }
        if (legacy != null && !legacy.isEmpty()) {
            switch (legacy) {
                case "deny" -> capabilities = new ArrayList<>(List.of("deny"));
                case "read" -> capabilities.addAll(List.of("read", "list"));
                case "write" -> capabilities.addAll(List.of("create", "read", "update", "delete", "list"));
                case "sudo" -> capabilities.addAll(List.of("create", "read", "update", "delete", "list", "sudo"));
                default -> throw new Invalid(where + "invalid policy \"" + legacy + "\"");
            }
        }
        int bits = 0;
        for (String c : capabilities) {
            Capability cap = Capability.of(c);
            if (cap == Capability.DENY) {
                // Vault stops here: a deny rule keeps nothing else, not even its parameters
                return PathRule.of(path, List.of("deny"));
            }
            if (cap == null) {
                throw new Invalid(where + "invalid capability \"" + c + "\"");
            }
            bits |= cap.bit();
        }
        Duration min = ttl(minTtl, "min_wrapping_ttl");
        Duration max = ttl(maxTtl, "max_wrapping_ttl");
        if (!min.isZero() && !max.isZero() && max.compareTo(min) < 0) {
            throw new Invalid("max_wrapping_ttl cannot be less than min_wrapping_ttl");
        }
        return new PathRule(path, Capability.labels(bits), allowed, denied,
                List.copyOf(new LinkedHashSet<>(required)), min, max);
    }

    private static String string(Hcl.Item item, String where) {
        if (item.value() instanceof String s) {
            return s;
        }
        throw new Invalid(where + item.keys().getFirst() + " on line " + item.line() + " must be a string");
    }

    /** A list of strings; a single string counts as a list of one, as HCL 1 decodes it. */
    private static List<String> strings(Hcl.Item item, String where) {
        List<?> values = item.value() instanceof List<?> l ? l : Collections.singletonList(item.value());
        List<String> out = new ArrayList<>();
        for (Object v : values) {
            if (!(v instanceof String s)) {
                throw new Invalid(where + item.keys().getFirst() + " on line " + item.line()
                        + " must be a list of strings");
            }
            out.add(s);
        }
        return out;
    }

    private static void parameters(Hcl.Item item, String where, Map<String, List<Object>> into) {
        String k = item.keys().getFirst();
        List<?> objects = item.value() instanceof List<?> l ? l : Collections.singletonList(item.value());
        for (Object o : objects) {
            if (!(o instanceof Hcl.Obj obj)) {
                throw new Invalid(where + k + " on line " + item.line() + " must be an object of parameter lists");
            }
            for (Hcl.Item p : obj.items()) {
                if (p.keys().size() != 1) {
                    throw new Invalid(where + k + ": unexpected block on line " + p.line());
                }
                List<Object> values = p.value() instanceof List<?> l
                        ? new ArrayList<>(l) : new ArrayList<>(Collections.singletonList(p.value()));
                if (values.stream().anyMatch(v -> v instanceof Hcl.Obj || v instanceof List<?>)) {
                    throw new Invalid(where + k + ": values of \"" + p.keys().getFirst()
                            + "\" on line " + p.line() + " must be strings, numbers or booleans");
                }
                into.merge(p.keys().getFirst().toLowerCase(Locale.ROOT), values, (a, b) -> {
                    List<Object> merged = new ArrayList<>(a);
                    merged.addAll(b);
                    return merged;
                });
            }
        }
    }

    private static Duration ttl(Object value, String field) {
        if (value == null) {
            return Duration.ZERO;
        }
        if (!(value instanceof String || value instanceof Number)) {
            throw new Invalid("error parsing " + field + ": must be a duration like \"30m\" or a number of seconds");
        }
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new Invalid("error parsing " + field + ": " + e.getMessage());
        }
    }

    /** A semantic error; {@link #parse} adds Vault's "failed to parse policy: " prefix. */
    private static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }
}
