package org.flowvault.vault.server.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request body of the plainest shape read without Jackson's parser and binding machinery (a
 * few hundred bytes per call): objects whose members are printable-ASCII strings without escapes,
 * {@code true}, {@code false}, {@code null} or such objects, a few levels deep, without duplicate
 * names. Anything else answers {@code null} and the caller parses with Jackson, so every result
 * and every error stays Jackson's: this reads only what Jackson would read into the same maps.
 */
final class PlainJson {
    private static final int MAX_DEPTH = 8;
    /** Longer strings go to Jackson, which enforces its own limits on names and values. */
    private static final int MAX_STRING = 1000;
    /** A JSON {@code null} member while reading ({@code null} itself means "not plain"). */
    private static final Object NULL = new Object();

    private final byte[] in;
    private int pos;

    private PlainJson(byte[] in) {
        this.in = in;
    }

    /** The object in {@code body}, or {@code null} when the body is not of the plain shape. */
    static Map<String, Object> object(byte[] body) {
        PlainJson p = new PlainJson(body);
        p.skipSpace();
        if (!p.at('{')) {
            return null;
        }
        Map<String, Object> out = p.object(1);
        if (out == null) {
            return null;
        }
        p.skipSpace();
        return p.pos == body.length ? out : null;
    }

    /** Reads an object whose '{' is at {@code pos}. */
    private Map<String, Object> object(int depth) {
        if (depth > MAX_DEPTH) {
            return null;
        }
        pos++;
        Map<String, Object> out = new LinkedHashMap<>();
        skipSpace();
        if (at('}')) {
            pos++;
            return out;
        }
        while (true) {
            String name = string();
            if (name == null) {
                return null;
            }
            skipSpace();
            if (!at(':')) {
                return null;
            }
            pos++;
            skipSpace();
            Object value = at('"') ? string() : at('{') ? object(depth + 1) : literal();
            if (value == null) {
                return null;
            }
            if (out.containsKey(name)) {
                return null; // duplicates: left to Jackson
            }
            out.put(name, value == NULL ? null : value);
            skipSpace();
            if (at(',')) {
                pos++;
                skipSpace();
            } else if (at('}')) {
                pos++;
                return out;
            } else {
                return null;
            }
        }
    }

    /** {@code true}, {@code false} or {@code null} (as {@link #NULL}); otherwise {@code null}. */
    private Object literal() {
        if (word("true")) {
            return Boolean.TRUE;
        }
        if (word("false")) {
            return Boolean.FALSE;
        }
        if (word("null")) {
            return NULL;
        }
        return null;
    }

    private boolean word(String w) {
        if (pos + w.length() > in.length) {
            return false;
        }
        for (int i = 0; i < w.length(); i++) {
            if (in[pos + i] != w.charAt(i)) {
                return false;
            }
        }
        int end = pos + w.length();
        // "truex" is not a literal: only a delimiter may follow
        if (end < in.length && !delimiter(in[end])) {
            return false;
        }
        pos = end;
        return true;
    }

    private static boolean delimiter(byte b) {
        return b == ',' || b == '}' || b == ']' || b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }

    /** A string of printable ASCII without escapes whose '"' is at {@code pos}; otherwise {@code null}. */
    private String string() {
        if (!at('"')) {
            return null;
        }
        int start = pos + 1;
        int end = Math.min(in.length, start + MAX_STRING + 1);
        for (int i = start; i < end; i++) {
            byte b = in[i];
            if (b == '"') {
                pos = i + 1;
                return new String(in, start, i - start, java.nio.charset.StandardCharsets.ISO_8859_1);
            }
            if (b < 0x20 || b > 0x7e || b == '\\') {
                return null;
            }
        }
        return null;
    }

    private boolean at(char c) {
        return pos < in.length && in[pos] == c;
    }

    private void skipSpace() {
        while (pos < in.length && (in[pos] == ' ' || in[pos] == '\t' || in[pos] == '\n' || in[pos] == '\r')) {
            pos++;
        }
    }
}
