package org.flowvault.platform.resolution;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowvault.platform.connection.AttachedSecret;
import org.flowvault.platform.connection.Connection;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.reference.Reference;
import org.flowvault.platform.reference.ReferenceSyntaxException;
import org.flowvault.platform.reference.ReferenceTemplate;
import org.flowvault.platform.reference.VaultPaths;

/**
 * A connection compiled once for resolution: its value split into literal parts (escapes already
 * undone) and templates, and the distinct (configuration, path) pairs to read — attached secrets
 * first, in order, then paths named by references. Immutable; cached by the resolver per
 * connection version, so a warm resolution parses nothing.
 */
final class Prepared {

    /** A (configuration name or null for the default, path) pair to read. */
    record Target(String config, String path) {
    }

    /** A value node: literal, or containing references. */
    sealed interface Node permits Lit, Tmpl, MapNode, ListNode {
    }

    record Lit(Object value) implements Node {
    }

    /** A string with references; {@code slots[i]} is the target of the i-th reference, or -1 for an attached key. */
    record Tmpl(ReferenceTemplate template, int[] slots, String field) implements Node {
    }

    record MapNode(List<Map.Entry<String, Node>> entries) implements Node {
    }

    record ListNode(List<Node> items) implements Node {
    }

    /**
     * A top-level value entry.
     *
     * @param targets the distinct targets its references read (for the source of the input)
     */
    record Entry(String key, Node node, int[] targets) {
    }

    final Connection connection;
    final List<Entry> entries;
    final List<Target> targets;
    final int attached;
    /**
     * Provenance and masker values derived from the last resolution's configurations and secrets:
     * reused while they are the same objects, so a warm resolution allocates little.
     */
    volatile Derived derived;
    /** The audit draft of the last resolution: recorded again while a resolution would make the same record (see Resolver). */
    volatile Object audited;

    /**
     * @param reads        the reads of the resolution this was derived from (compared by identity)
     * @param attachedSources the source of the keys of each attached target
     * @param entrySources the source of each value entry when its references are replaced (null for literal entries)
     * @param secretValues the union of the values read
     */
    record Derived(Object[] configs, Object[] secrets, Source[] attachedSources, Source[] entrySources, java.util.Set<String> secretValues) {
    }

    private Prepared(Connection connection, List<Entry> entries, List<Target> targets, int attached) {
        this.connection = connection;
        this.entries = entries;
        this.targets = targets;
        this.attached = attached;
    }

    static Prepared of(Connection c) {
        List<Target> targets = new ArrayList<>();
        Map<Target, Integer> index = new HashMap<>();
        for (AttachedSecret s : c.vaultSecrets()) {
            // saved by an older version, perhaps, that accepted what is refused now: check again before Vault is asked
            VaultPaths.problem(s.path()).ifPresent(p -> {
                throw PlatformException.invalid("connection \"" + c.name() + "\": vault_secrets entry: " + p
                        + "; correct the connection's vault_secrets");
            });
            Target t = new Target(s.config(), s.path());
            // A path attached twice reads once; its position is the first (later keys still win by order).
            index.computeIfAbsent(t, x -> {
                targets.add(x);
                return targets.size() - 1;
            });
        }
        int attached = targets.size();
        List<Entry> entries = new ArrayList<>(c.value().size());
        for (Map.Entry<String, Object> e : c.value().entrySet()) {
            List<Integer> used = new ArrayList<>();
            Node n;
            try {
                n = compile(e.getValue(), e.getKey(), targets, index, used);
            } catch (PlatformException x) {
                throw PlatformException.invalid("connection \"" + c.name() + "\": " + x.getMessage());
            }
            entries.add(new Entry(e.getKey(), n, used.stream().distinct().mapToInt(Integer::intValue).toArray()));
        }
        return new Prepared(c, List.copyOf(entries), List.copyOf(targets), attached);
    }

    /** Whether this was compiled from {@code c} as it is now. */
    boolean isFor(Connection c) {
        return connection == c || (connection.updatedAt().equals(c.updatedAt()) && connection.valueText().equals(c.valueText())
                && connection.vaultSecrets().equals(c.vaultSecrets()) && connection.name().equals(c.name()));
    }

    private static Node compile(Object v, String field, List<Target> targets, Map<Target, Integer> index, List<Integer> used) {
        if (v instanceof String s) {
            ReferenceTemplate t;
            try {
                t = ReferenceTemplate.parse(s);
            } catch (ReferenceSyntaxException e) {
                // as above: a value saved before a rule was added is refused here, naming the field
                throw PlatformException.invalid("field \"" + field + "\": " + e.getMessage() + "; correct the connection's value");
            }
            if (t.isLiteral()) {
                return new Lit(t.render(r -> null));
            }
            int[] slots = new int[t.references().size()];
            for (int i = 0; i < slots.length; i++) {
                Reference r = t.references().get(i);
                if (r instanceof Reference.PathKey k) {
                    Target target = new Target(k.config(), k.path());
                    slots[i] = index.computeIfAbsent(target, x -> {
                        targets.add(x);
                        return targets.size() - 1;
                    });
                    used.add(slots[i]);
                } else {
                    slots[i] = -1;
                }
            }
            return new Tmpl(t, slots, field);
        }
        if (v instanceof Map<?, ?> m) {
            List<Map.Entry<String, Node>> out = new ArrayList<>(m.size());
            boolean dynamic = false;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String k = String.valueOf(e.getKey());
                Node n = compile(e.getValue(), field + "." + k, targets, index, used);
                dynamic |= !(n instanceof Lit);
                out.add(Map.entry(k, n));
            }
            if (!dynamic) {
                Map<String, Object> lit = new LinkedHashMap<>();
                out.forEach(e -> lit.put(e.getKey(), ((Lit) e.getValue()).value()));
                return new Lit(Collections.unmodifiableMap(lit));
            }
            return new MapNode(List.copyOf(out));
        }
        if (v instanceof List<?> l) {
            List<Node> out = new ArrayList<>(l.size());
            boolean dynamic = false;
            for (int i = 0; i < l.size(); i++) {
                Node n = compile(l.get(i), field + "[" + i + "]", targets, index, used);
                dynamic |= !(n instanceof Lit);
                out.add(n);
            }
            if (!dynamic) {
                List<Object> lit = new ArrayList<>(out.size());
                out.forEach(n -> lit.add(((Lit) n).value()));
                return new Lit(Collections.unmodifiableList(lit));
            }
            return new ListNode(List.copyOf(out));
        }
        return new Lit(v);
    }
}
