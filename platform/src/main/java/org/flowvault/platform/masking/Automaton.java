package org.flowvault.platform.masking;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * An immutable Aho–Corasick automaton over a set of patterns that reports, for each end position
 * of the text, the length of the longest pattern ending there. That is all masking needs: every
 * shorter match ending at the same position lies inside the longest one. Scanning is linear in the
 * text whatever the number of patterns.
 */
final class Automaton {
    static final Automaton EMPTY = new Automaton(List.of());

    /** Sorted transition characters of each node. */
    private final char[][] keys;
    /** Target node of each transition, parallel to {@link #keys}. */
    private final int[][] targets;
    private final int[] fail;
    /** Length of the longest pattern that is a suffix of the node's string; 0 when none. */
    private final int[] longest;
    private final int minLength;

    Automaton(Collection<String> patterns) {
        // build the trie with growable per-node maps, then freeze into sorted arrays
        List<char[]> k = new ArrayList<>();
        List<int[]> t = new ArrayList<>();
        List<Integer> lengths = new ArrayList<>();
        k.add(new char[0]);
        t.add(new int[0]);
        lengths.add(0);
        int min = Integer.MAX_VALUE;
        for (String p : patterns) {
            if (p.isEmpty()) {
                continue;
            }
            min = Math.min(min, p.length());
            int node = 0;
            for (int i = 0; i < p.length(); i++) {
                char c = p.charAt(i);
                int next = find(k.get(node), t.get(node), c);
                if (next < 0) {
                    next = k.size();
                    k.add(new char[0]);
                    t.add(new int[0]);
                    lengths.add(0);
                    insert(k, t, node, c, next);
                }
                node = next;
            }
            lengths.set(node, Math.max(lengths.get(node), p.length()));
        }
        int n = k.size();
        this.keys = k.toArray(new char[0][]);
        this.targets = t.toArray(new int[0][]);
        this.fail = new int[n];
        this.longest = new int[n];
        for (int i = 0; i < n; i++) {
            longest[i] = lengths.get(i);
        }
        this.minLength = min == Integer.MAX_VALUE ? 0 : min;
        // breadth-first: a node's failure link is set before its children are visited
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int child : targets[0]) {
            fail[child] = 0;
            queue.add(child);
        }
        while (!queue.isEmpty()) {
            int node = queue.poll();
            longest[node] = Math.max(longest[node], longest[fail[node]]);
            for (int j = 0; j < keys[node].length; j++) {
                char c = keys[node][j];
                int child = targets[node][j];
                int f = fail[node];
                int next;
                while ((next = find(keys[f], targets[f], c)) < 0 && f != 0) {
                    f = fail[f];
                }
                fail[child] = next >= 0 && next != child ? next : 0;
                queue.add(child);
            }
        }
    }

    private static void insert(List<char[]> k, List<int[]> t, int node, char c, int next) {
        char[] ks = k.get(node);
        int[] ts = t.get(node);
        int at = -(Arrays.binarySearch(ks, c) + 1);
        char[] nk = new char[ks.length + 1];
        int[] nt = new int[ts.length + 1];
        System.arraycopy(ks, 0, nk, 0, at);
        System.arraycopy(ts, 0, nt, 0, at);
        nk[at] = c;
        nt[at] = next;
        System.arraycopy(ks, at, nk, at + 1, ks.length - at);
        System.arraycopy(ts, at, nt, at + 1, ts.length - at);
        k.set(node, nk);
        t.set(node, nt);
    }

    private static int find(char[] ks, int[] ts, char c) {
        if (ks.length == 0) {
            return -1;
        }
        if (ks.length < 8) {
            for (int i = 0; i < ks.length; i++) {
                if (ks[i] == c) {
                    return ts[i];
                }
            }
            return -1;
        }
        int i = Arrays.binarySearch(ks, c);
        return i >= 0 ? ts[i] : -1;
    }

    boolean isEmpty() {
        return keys.length == 1;
    }

    /**
     * Replaces the union of all pattern occurrences in {@code text} with {@code replacement} (one
     * replacement per maximal run of overlapping or adjacent occurrences). Returns {@code text}
     * itself when nothing matched.
     */
    String replace(CharSequence text, String replacement) {
        if (isEmpty() || text.length() < minLength) {
            return text.toString();
        }
        // merged [start, end) intervals, kept as a stack of longs (start << 32 | end)
        long[] spans = new long[8];
        int count = 0;
        int state = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int next;
            while ((next = find(keys[state], targets[state], c)) < 0 && state != 0) {
                state = fail[state];
            }
            state = next < 0 ? 0 : next;
            int len = longest[state];
            if (len == 0) {
                continue;
            }
            int start = i + 1 - len;
            int end = i + 1;
            while (count > 0 && (int) spans[count - 1] >= start) {
                start = Math.min(start, (int) (spans[count - 1] >>> 32));
                count--;
            }
            if (count == spans.length) {
                spans = Arrays.copyOf(spans, count * 2);
            }
            spans[count++] = ((long) start << 32) | end;
        }
        if (count == 0) {
            return text.toString();
        }
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        for (int s = 0; s < count; s++) {
            int start = (int) (spans[s] >>> 32);
            int end = (int) spans[s];
            out.append(text, at, start).append(replacement);
            at = end;
        }
        return out.append(text, at, text.length()).toString();
    }

    /** Whether any pattern occurs in {@code text}. */
    boolean occursIn(CharSequence text) {
        int state = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int next;
            while ((next = find(keys[state], targets[state], c)) < 0 && state != 0) {
                state = fail[state];
            }
            state = next < 0 ? 0 : next;
            if (longest[state] > 0) {
                return true;
            }
        }
        return false;
    }
}
