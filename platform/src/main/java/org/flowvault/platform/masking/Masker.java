package org.flowvault.platform.masking;

import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scrubs the secret values of one run from everything the run shows: log lines, error messages
 * and outputs. A secret is replaced by {@value #REPLACEMENT} wherever it appears, in any of the
 * forms {@link SecretForms} lists:
 * <ul>
 *   <li><b>any case, dashes or underscores:</b> matching ignores case (ASCII, and every other
 *       char by its simple case mapping; also the {@link java.util.Locale#ROOT} upper- and
 *       lower-case strings when those change the length, e.g. {@code ß} → {@code SS}) and treats
 *       {@code -} and {@code _} as the same char, since inputs are often normalised before an
 *       error quotes them;</li>
 *   <li><b>encoded:</b> URL-encoded ({@code +} or {@code %20} for spaces, {@code %2f} or
 *       {@code %2F}), JSON-escaped, quote-doubled (SQL, CSV), hex (either case) and base64
 *       (standard and URL-safe alphabets, with or without padding, and the characters that encode
 *       it when it sits at any byte offset inside a larger base64 blob); the URL, hex and base64
 *       forms also of the upper-case, lower-case and dash/underscore-swapped value.</li>
 * </ul>
 *
 * <p><b>Short values are ignored:</b> a value shorter than {@value #MIN_LENGTH} characters (after
 * trimming) is not registered, and no encoded form shorter than that is matched, since masking
 * every {@code "1"} or {@code "yes"} would destroy the logs while protecting nothing worth
 * protecting. Such values must not be used as secrets. Matching that ignores case masks a little
 * more than the exact value (a 4-character secret {@code Test} also hides {@code TEST}); that is the
 * intended side of the trade-off.
 *
 * <p>Overlapping or adjacent occurrences collapse into one replacement. Scanning is one
 * Aho–Corasick pass over the text, linear in its length whatever the number of registered values.
 * A value containing {@code *} could in theory be re-formed by replacements next to it; secrets
 * made of asterisks are not supported.
 *
 * <p>Every masker also feeds the process-wide {@link ProcessSecrets} registry (held weakly), so
 * the process's own log lines are masked for as long as this masker is in use.
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
    /** The values in the forms a normalising input gives them (case, dashes), for {@link #containsSecret}. */
    private final Set<String> plain = new LinkedHashSet<>();
    private volatile Automaton automaton = Automaton.EMPTY;
    private volatile Automaton plainOnly = Automaton.EMPTY;
    private final ProcessSecrets registry;
    /** This masker's entry in {@link #registry}, once it registered a value. */
    private Reference<Masker> ticket;

    /** An empty masker that feeds {@link ProcessSecrets#global()}. */
    public Masker() {
        this(ProcessSecrets.global());
    }

    Masker(ProcessSecrets registry) {
        this.registry = registry;
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
            plain.addAll(SecretForms.variants(v));
            String stripped = v.strip();
            if (!stripped.equals(v)) {
                // a value with surrounding whitespace usually shows up trimmed in logs
                values.add(stripped);
                forms.addAll(SecretForms.of(stripped));
                plain.addAll(SecretForms.variants(stripped));
            }
            added++;
        }
        if (added > 0) {
            automaton = new Automaton(forms);
            plainOnly = new Automaton(plain);
            ticket = registry.track(this, ticket);
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

    /** Whether {@code text} contains a registered secret value (in plain form, in any case, dashes or underscores). */
    public boolean containsSecret(CharSequence text) {
        return text != null && plainOnly.occursIn(text);
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

    /** The current automaton over every form, for {@link ProcessSecrets}. */
    Automaton automaton() {
        return automaton;
    }

    @Override
    public String toString() {
        return "Masker[" + size() + " secrets]";
    }
}
