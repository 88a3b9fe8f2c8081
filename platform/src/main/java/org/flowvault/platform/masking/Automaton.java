package org.flowvault.platform.masking;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * An immutable Aho–Corasick automaton over a set of patterns that reports, for each end position
 * of the text, the length of the longest pattern ending there. That is all masking needs: every
 * shorter match ending at the same position lies inside the longest one. Scanning is linear in the
 * text whatever the number of patterns.
 *
 * <p><b>Matching is loose on purpose:</b> patterns and text are compared {@linkplain #fold(char)
 * folded}, so case and {@code -}/{@code _} differences never hide a secret (inputs are often
 * upper-cased, lower-cased or have their dashes turned into underscores before a message quotes
 * them). Folding maps one char to one char, so a match in folded text is a match at the same
 * positions in the original text.
 *
 * <p>The trie is stored flat (children of node {@code n} are {@code labels/targets[first[n] ..
 * first[n+1])}, sorted by label), about 18 bytes per node and five arrays in all, instead of two
 * small arrays per node; the root's ASCII transitions are a direct table, since a scan of text
 * without secrets spends nearly all its time at the root.
 */
final class Automaton {
    static final Automaton EMPTY = new Automaton(List.of());

    private static final char[] ASCII_FOLD = new char[128];

    static {
        for (char c = 0; c < 128; c++) {
            ASCII_FOLD[c] = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c == '_' ? '-' : c;
        }
    }

    /** Children of node n: indexes first[n] (inclusive) to first[n + 1] (exclusive). */
    private final int[] first;
    private final char[] labels;
    private final int[] targets;
    private final int[] fail;
    /** Length of the longest pattern that is a suffix of the node's string; 0 when none. */
    private final int[] longest;
    /** The root's child for each ASCII char (folded), or 0 for none. */
    private final int[] rootAscii = new int[128];
    private final int minLength;

    /**
     * How text is compared: ASCII letters to lower case, {@code _} to {@code -}, other chars by
     * their simple case mapping (lower case of the upper case, as {@link String#equalsIgnoreCase}
     * compares).
     */
    static char fold(char c) {
        return c < 128 ? ASCII_FOLD[c] : Character.toLowerCase(Character.toUpperCase(c));
    }

    static String fold(String s) {
        char[] out = new char[s.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = fold(s.charAt(i));
        }
        return new String(out);
    }

    Automaton(Collection<String> patterns) {
        // Sorted patterns build the trie depth-first with children in label order, so each
        // node's children get consecutive ids and the flat layout needs no per-node structure.
        String[] sorted = patterns.stream().filter(p -> !p.isEmpty()).map(Automaton::fold).sorted().distinct()
                .toArray(String[]::new);
        int capacity = 1;
        for (String p : sorted) {
            capacity += p.length();
        }
        int[] parent = new int[capacity];
        char[] label = new char[capacity];
        int[] lengths = new int[capacity];
        int[] path = new int[1];
        int nodes = 1;
        int min = Integer.MAX_VALUE;
        String previous = "";
        for (String p : sorted) {
            min = Math.min(min, p.length());
            if (path.length < p.length() + 1) {
                path = Arrays.copyOf(path, p.length() + 1);
            }
            int common = 0;
            int limit = Math.min(previous.length(), p.length());
            while (common < limit && previous.charAt(common) == p.charAt(common)) {
                common++;
            }
            for (int depth = common; depth < p.length(); depth++) {
                parent[nodes] = path[depth];
                label[nodes] = p.charAt(depth);
                path[depth + 1] = nodes++;
            }
            int end = path[p.length()];
            lengths[end] = Math.max(lengths[end], p.length());
            previous = p;
        }
        this.minLength = min == Integer.MAX_VALUE ? 0 : min;
        this.first = new int[nodes + 1];
        this.labels = new char[Math.max(0, nodes - 1)];
        this.targets = new int[labels.length];
        for (int n = 1; n < nodes; n++) {
            first[parent[n] + 1]++;
        }
        for (int n = 0; n < nodes; n++) {
            first[n + 1] += first[n];
        }
        int[] fill = Arrays.copyOf(first, nodes);
        for (int n = 1; n < nodes; n++) {
            int at = fill[parent[n]]++;
            labels[at] = label[n];
            targets[at] = n;
        }
        for (int j = first[0]; j < first[1]; j++) {
            if (labels[j] < 128) {
                rootAscii[labels[j]] = targets[j];
            }
        }
        this.fail = new int[nodes];
        this.longest = Arrays.copyOf(lengths, nodes);
        // breadth-first: a node's failure link (a shallower node) is final before its children are visited
        int[] queue = new int[nodes];
        int head = 0;
        int tail = 0;
        for (int j = first[0]; j < first[1]; j++) {
            queue[tail++] = targets[j];
        }
        while (head < tail) {
            int node = queue[head++];
            longest[node] = Math.max(longest[node], longest[fail[node]]);
            for (int j = first[node]; j < first[node + 1]; j++) {
                char c = labels[j];
                int child = targets[j];
                int f = fail[node];
                int next;
                while ((next = child(f, c)) < 0 && f != 0) {
                    f = fail[f];
                }
                fail[child] = next >= 0 && next != child ? next : 0;
                queue[tail++] = child;
            }
        }
    }

    /** The child of {@code node} labelled {@code c} (already folded), or -1. */
    private int child(int node, char c) {
        if (node == 0 && c < 128) {
            int t = rootAscii[c];
            return t == 0 ? -1 : t;
        }
        int from = first[node];
        int to = first[node + 1];
        if (to - from < 8) {
            for (int i = from; i < to; i++) {
                if (labels[i] == c) {
                    return targets[i];
                }
            }
            return -1;
        }
        int i = Arrays.binarySearch(labels, from, to, c);
        return i >= 0 ? targets[i] : -1;
    }

    private int step(int state, char c) {
        int next;
        while ((next = child(state, c)) < 0 && state != 0) {
            state = fail[state];
        }
        return next < 0 ? 0 : next;
    }

    boolean isEmpty() {
        return first.length == 2;
    }

    /** How many trie nodes this automaton holds (for tests and sizing). */
    int nodes() {
        return fail.length;
    }

    /**
     * Adds the span of every pattern occurrence in {@code text} to {@code spans} (created when
     * null and something matched); returns the spans, or null when there were none and nothing
     * matched.
     */
    Spans collect(CharSequence text, Spans spans) {
        if (isEmpty() || text.length() < minLength) {
            return spans;
        }
        int state = 0;
        for (int i = 0; i < text.length(); i++) {
            state = step(state, fold(text.charAt(i)));
            int len = longest[state];
            if (len != 0) {
                if (spans == null) {
                    spans = new Spans();
                }
                spans.add(i + 1 - len, i + 1);
            }
        }
        return spans;
    }

    /**
     * Replaces the union of all pattern occurrences in {@code text} with {@code replacement} (one
     * replacement per maximal run of overlapping or adjacent occurrences). Returns {@code text}
     * itself when nothing matched.
     */
    String replace(CharSequence text, String replacement) {
        Spans spans = collect(text, null);
        return spans == null ? text.toString() : spans.apply(text, replacement);
    }

    /** Whether any pattern occurs in {@code text}. */
    boolean occursIn(CharSequence text) {
        if (isEmpty() || text.length() < minLength) {
            return false;
        }
        int state = 0;
        for (int i = 0; i < text.length(); i++) {
            state = step(state, fold(text.charAt(i)));
            if (longest[state] > 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Merged [start, end) intervals of a text, kept as longs ({@code start << 32 | end}). Spans of
     * one scan arrive with growing ends and merge as they come; spans of several scans (several
     * automata over the same text) are merged by {@link #apply}.
     */
    static final class Spans {
        private long[] spans = new long[8];
        private int count;
        private boolean sorted = true;
        private int lastEnd;

        void add(int start, int end) {
            if (end < lastEnd) {
                sorted = false;
            }
            lastEnd = end;
            if (sorted) {
                while (count > 0 && (int) spans[count - 1] >= start) {
                    start = Math.min(start, (int) (spans[count - 1] >>> 32));
                    count--;
                }
            }
            if (count == spans.length) {
                spans = Arrays.copyOf(spans, count * 2);
            }
            spans[count++] = ((long) start << 32) | end;
        }

        /** Marks the start of another scan of the same text: later spans may start before earlier ones. */
        void nextScan() {
            lastEnd = Integer.MAX_VALUE;
        }

        String apply(CharSequence text, String replacement) {
            if (!sorted) {
                Arrays.sort(spans, 0, count);
            }
            StringBuilder out = new StringBuilder(text.length());
            int at = 0;
            int s = 0;
            while (s < count) {
                int start = (int) (spans[s] >>> 32);
                int end = (int) spans[s++];
                // overlapping or adjacent spans from different scans become one replacement
                while (s < count && (int) (spans[s] >>> 32) <= end) {
                    end = Math.max(end, (int) spans[s++]);
                }
                out.append(text, at, start).append(replacement);
                at = end;
            }
            return out.append(text, at, text.length()).toString();
        }
    }
}
