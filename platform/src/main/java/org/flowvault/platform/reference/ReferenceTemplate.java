package org.flowvault.platform.reference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One string value of a connection, split into literal text and {@link Reference}s. Parsing is
 * pure text processing (see the grammar in the {@linkplain org.flowvault.platform.reference
 * package documentation}); rendering only looks keys up, it never evaluates anything.
 *
 * <p>Immutable and thread-safe: parse once, render many times.
 */
public final class ReferenceTemplate {
    static final String MARKER = "vault.secret(";
    static final String FULL_PATH_PREFIX = "vault://";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Each part is a {@code String} (literal text, never empty) or a {@link Reference}. */
    private final List<Object> parts;
    private final List<Reference> references;

    private ReferenceTemplate(List<Object> parts) {
        this.parts = Collections.unmodifiableList(parts);
        List<Reference> refs = new ArrayList<>();
        for (Object p : parts) {
            if (p instanceof Reference r) {
                refs.add(r);
            }
        }
        this.references = List.copyOf(refs);
    }

    /**
     * Parses a string value.
     *
     * @throws ReferenceSyntaxException when a reference marker is followed by a malformed reference
     */
    public static ReferenceTemplate parse(String value) {
        Objects.requireNonNull(value, "value");
        return new ReferenceTemplate(Parser.parse(value));
    }

    /**
     * A template from parts: {@code String}s (literal text) and {@link Reference}s. Adjacent and
     * empty texts are merged away; a full-path reference must be the only part.
     */
    public static ReferenceTemplate of(List<?> parts) {
        List<Object> merged = new ArrayList<>();
        for (Object p : parts) {
            if (p instanceof String s) {
                if (s.isEmpty()) {
                    continue;
                }
                if (!merged.isEmpty() && merged.getLast() instanceof String prev) {
                    merged.set(merged.size() - 1, prev + s);
                } else {
                    merged.add(s);
                }
            } else if (p instanceof Reference r) {
                merged.add(r);
            } else {
                throw new IllegalArgumentException("a template part is a String or a Reference, not " + (p == null ? "null" : p.getClass().getName()));
            }
        }
        for (Object p : merged) {
            if (p instanceof Reference.PathKey k && k.fullPath() && merged.size() != 1) {
                throw new IllegalArgumentException("a vault:// full-path reference must be the whole value");
            }
        }
        return new ReferenceTemplate(merged);
    }

    /** The literal text and references, in order. */
    public List<Object> parts() {
        return parts;
    }

    /** The references, in order of appearance. */
    public List<Reference> references() {
        return references;
    }

    /** True when the value holds no reference (rendering returns the text unchanged). */
    public boolean isLiteral() {
        return references.isEmpty();
    }

    /** The reference when it is the whole value (so the secret's JSON type is kept), else null. */
    public Reference whole() {
        return parts.size() == 1 && parts.getFirst() instanceof Reference r ? r : null;
    }

    /**
     * Replaces each reference by {@code lookup}'s answer. A reference that is the whole value
     * yields the answer as is (a number stays a number, an object stays a map); references
     * embedded in text are stringified (strings as they are, other values as JSON).
     */
    public Object render(Function<Reference, Object> lookup) {
        Reference w = whole();
        if (w != null) {
            return lookup.apply(w);
        }
        if (references.isEmpty()) {
            return parts.isEmpty() ? "" : parts.getFirst();
        }
        StringBuilder sb = new StringBuilder();
        for (Object p : parts) {
            if (p instanceof String s) {
                sb.append(s);
            } else {
                sb.append(stringify(lookup.apply((Reference) p)));
            }
        }
        return sb.toString();
    }

    /** How an embedded reference's value appears in text: strings as is, anything else as JSON. */
    public static String stringify(Object value) {
        if (value instanceof String s) {
            return s;
        }
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a secret value as JSON (" + value.getClass().getName() + ")");
        }
    }

    /** The text that {@link #parse} reads back as this template. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            Object p = parts.get(i);
            if (p instanceof Reference r) {
                sb.append(r.text());
            } else {
                String escaped = escapeText((String) p, i == 0);
                if (i + 1 < parts.size()) {
                    // A backslash run right before a marker is halved when read back: double it.
                    int run = trailingBackslashes(escaped);
                    sb.append(escaped).append("\\".repeat(run));
                } else {
                    sb.append(escaped);
                }
            }
        }
        return sb.toString();
    }

    /** Escapes literal text so that it parses back to itself with no reference in it. */
    public static String escapeLiteral(String text) {
        return escapeText(text, true);
    }

    private static String escapeText(String text, boolean atStart) {
        StringBuilder sb = new StringBuilder(text.length() + 4);
        if (atStart) {
            int lead = 0;
            while (lead < text.length() && text.charAt(lead) == '\\') {
                lead++;
            }
            if (text.startsWith(FULL_PATH_PREFIX, lead)) {
                sb.append('\\');
            }
        }
        int pos = 0;
        int idx;
        while ((idx = text.indexOf(MARKER, pos)) >= 0) {
            int run = 0;
            while (idx - run - 1 >= pos && text.charAt(idx - run - 1) == '\\') {
                run++;
            }
            sb.append(text, pos, idx - run).append("\\".repeat(2 * run + 1)).append(MARKER);
            pos = idx + MARKER.length();
        }
        return sb.append(text, pos, text.length()).toString();
    }

    private static int trailingBackslashes(String s) {
        int n = 0;
        while (n < s.length() && s.charAt(s.length() - 1 - n) == '\\') {
            n++;
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReferenceTemplate t && t.parts.equals(parts);
    }

    @Override
    public int hashCode() {
        return parts.hashCode();
    }

    /** Prints the structure only: literal text may be secret. */
    @Override
    public String toString() {
        return "ReferenceTemplate[" + parts.size() + " parts, " + references.size() + " references]";
    }
}
