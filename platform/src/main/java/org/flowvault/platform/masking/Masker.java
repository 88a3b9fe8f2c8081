package org.flowvault.platform.masking;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scrubs the secret values of one run from everything the run shows: log lines, error messages
 * and outputs. A secret is replaced by {@value #REPLACEMENT} wherever it appears, as is each of
 * its encoded forms: URL-encoded ({@code +} or {@code %20} for spaces, upper- or lower-case hex),
 * JSON-escaped, and base64 (standard and URL-safe alphabets, with or without padding, and the
 * characters that encode it when it sits at any byte offset inside a larger base64 blob).
 *
 * <p><b>Short values are ignored:</b> a value shorter than {@value #MIN_LENGTH} characters (after
 * trimming) is not registered, since masking every {@code "1"} or {@code "yes"} would destroy the
 * logs while protecting nothing worth protecting. Such values must not be used as secrets.
 *
 * <p>Overlapping or adjacent occurrences collapse into one replacement. Scanning is one
 * Aho–Corasick pass over the text, linear in its length whatever the number of registered values.
 * A value containing {@code *} could in theory be re-formed by replacements next to it; secrets
 * made of asterisks are not supported.
 *
 * <p>Thread-safe: registration may race with masking; a mask call sees every value whose
 * registration completed before it started. {@link #toString()} shows only the count.
 */
public final class Masker {
    /** What a secret is replaced with. */
    public static final String REPLACEMENT = "****";
    /** Values shorter than this (after trimming) are not registered. */
    public static final int MIN_LENGTH = 4;

    private final Set<String> values = new LinkedHashSet<>();
    private final Set<String> forms = new LinkedHashSet<>();
    private volatile Automaton automaton = Automaton.EMPTY;
    private volatile Automaton exact = Automaton.EMPTY;

    /** An empty masker. */
    public Masker() {
    }

    /**
     * Registers {@code value} (and its encoded forms) as secret. Null, blank and short values are
     * ignored (see the class documentation).
     *
     * @return true when the value was registered now, false when ignored or already known
     */
    public boolean register(String value) {
        return registerAll(value == null ? List.of() : List.of(value)) > 0;
    }

    /**
     * Registers several values at once (one rebuild of the automaton instead of one per value).
     *
     * @return how many values were newly registered
     */
    public synchronized int registerAll(Collection<String> secrets) {
        int added = 0;
        for (String v : secrets) {
            if (v == null || v.strip().length() < MIN_LENGTH || !values.add(v)) {
                continue;
            }
            forms.addAll(SecretForms.of(v));
            String stripped = v.strip();
            if (!stripped.equals(v)) {
                // a value with surrounding whitespace usually shows up trimmed in logs
                values.add(stripped);
                forms.addAll(SecretForms.of(stripped));
            }
            added++;
        }
        if (added > 0) {
            automaton = new Automaton(forms);
            exact = new Automaton(values);
        }
        return added;
    }

    /**
     * Registers every string leaf (and the text of every number) of a JSON-like tree (maps, lists,
     * strings, numbers, booleans): for secrets read as a whole, such as a Vault secret's data.
     *
     * @return how many values were newly registered
     */
    public int registerTree(Object tree) {
        List<String> leaves = new ArrayList<>();
        collect(tree, leaves);
        return registerAll(leaves);
    }

    private static void collect(Object node, List<String> out) {
        if (node instanceof Map<?, ?> m) {
            m.values().forEach(v -> collect(v, out));
        } else if (node instanceof Collection<?> c) {
            c.forEach(v -> collect(v, out));
        } else if (node instanceof String || node instanceof Number) {
            out.add(node.toString());
        }
    }

    /** How many distinct values are registered. */
    public synchronized int size() {
        return values.size();
    }

    /** {@code text} with every registered secret and encoded form replaced; null stays null. */
    public String mask(CharSequence text) {
        if (text == null) {
            return null;
        }
        return automaton.replace(text, REPLACEMENT);
    }

    /** Whether {@code text} contains a registered secret value (in plain form). */
    public boolean containsSecret(CharSequence text) {
        return text != null && exact.occursIn(text);
    }

    /**
     * A masked copy of a JSON-like tree: maps (keys and values), lists and strings are masked;
     * a number or other scalar whose text contains a secret becomes its masked text; booleans and
     * null are kept. The input is not changed.
     */
    public Object maskTree(Object tree) {
        if (tree == null || tree instanceof Boolean) {
            return tree;
        }
        if (tree instanceof CharSequence s) {
            return mask(s);
        }
        if (tree instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>(Math.max(4, m.size() * 2));
            m.forEach((k, v) -> out.put(mask(String.valueOf(k)), maskTree(v)));
            return out;
        }
        if (tree instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            c.forEach(v -> out.add(maskTree(v)));
            return out;
        }
        String text = tree.toString();
        String masked = mask(text);
        return masked.equals(text) ? tree : masked;
    }

    @Override
    public String toString() {
        return "Masker[" + size() + " secrets]";
    }
}
