package org.flowvault.vault.server.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * A pooled byte buffer that JSON is written into by hand, for entries written on every request
 * (a KV record): no generator, context or intermediate array per write, and the bytes go to
 * {@code Storage.putCopy} straight from here. Values are the map-shaped ones
 * {@link ServerJson} reads (maps with string keys, lists, strings, booleans, integers,
 * BigDecimal/BigInteger); anything else, and strings holding surrogates, are written by
 * {@link ServerJson#MAPPER}: the bytes are the mapper's. Not thread-safe: take one, use it
 * on one thread, {@link #release} it.
 */
public final class JsonBuffer {
    private static final int POOL_MAX = 64;
    /** Buffers grown beyond this are not pooled, so one huge secret does not pin memory. */
    private static final int KEEP_MAX = 64 * 1024;
    /** An array-backed queue: offering a buffer back allocates no node. */
    private static final ArrayBlockingQueue<JsonBuffer> POOL = new ArrayBlockingQueue<>(POOL_MAX);
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private byte[] bytes = new byte[2048];
    private int length;
    /** Whether the next member or element is the first of its object or array (no comma). */
    private boolean first = true;

    private JsonBuffer() {
    }

    /** An empty buffer from the pool. */
    public static JsonBuffer take() {
        JsonBuffer b = POOL.poll();
        if (b == null) {
            return new JsonBuffer();
        }
        b.length = 0;
        b.first = true;
        return b;
    }

    /** Returns this buffer to the pool; it must not be used afterwards. */
    public void release() {
        if (bytes.length <= KEEP_MAX) {
            POOL.offer(this); // dropped when the pool is full
        }
    }

    /** The written bytes are {@code bytes()[0 .. length())}. */
    public byte[] bytes() {
        return bytes;
    }

    public int length() {
        return length;
    }

    public JsonBuffer beginObject() {
        separate();
        put((byte) '{');
        first = true;
        return this;
    }

    public JsonBuffer endObject() {
        put((byte) '}');
        first = false;
        return this;
    }

    /** A member name; the value follows with one of the value methods. */
    public JsonBuffer name(String name) {
        separate();
        if (!string(name)) {
            raw(name);
        }
        put((byte) ':');
        first = true; // the value takes no comma
        return this;
    }

    /** A member name that is a number, such as a version: {@code "12":}. */
    public JsonBuffer name(long number) {
        separate();
        put((byte) '"');
        digits(number);
        put((byte) '"');
        put((byte) ':');
        first = true;
        return this;
    }

    public JsonBuffer value(String s) {
        separate();
        if (s == null) {
            ascii("null");
        } else if (!string(s)) {
            raw(s);
        }
        first = false;
        return this;
    }

    public JsonBuffer value(long n) {
        separate();
        digits(n);
        first = false;
        return this;
    }

    public JsonBuffer value(boolean b) {
        separate();
        ascii(b ? "true" : "false");
        first = false;
        return this;
    }

    /** Any value {@link ServerJson} could have read, written as {@link ServerJson#MAPPER} would. */
    public JsonBuffer value(Object v) {
        if (v == null || v instanceof String) {
            return value((String) v);
        }
        if (v instanceof Boolean b) {
            return value(b.booleanValue());
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return value(((Number) v).longValue());
        }
        if (v instanceof Map<?, ?> m && stringKeys(m)) {
            beginObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                name((String) e.getKey());
                value(e.getValue());
            }
            return endObject();
        }
        if (v instanceof Collection<?> c) {
            separate();
            put((byte) '[');
            first = true;
            for (Object item : c) {
                value(item);
            }
            put((byte) ']');
            first = false;
            return this;
        }
        if (v instanceof BigDecimal || v instanceof BigInteger) {
            separate();
            ascii(v.toString()); // as Jackson writes them by default
            first = false;
            return this;
        }
        separate();
        raw(v);
        first = false;
        return this;
    }

    private static boolean stringKeys(Map<?, ?> m) {
        if (m.isEmpty()) {
            return true;
        }
        for (Object k : m.keySet()) {
            if (!(k instanceof String)) {
                return false;
            }
        }
        return true;
    }

    /** Writes {@code v} with the mapper (rare types): the same bytes as before this buffer existed. */
    private void raw(Object v) {
        byte[] b = ServerJson.write(v);
        ensure(b.length);
        System.arraycopy(b, 0, bytes, length, b.length);
        length += b.length;
    }

    private void separate() {
        if (!first) {
            put((byte) ',');
        }
    }

    /** A quoted, escaped string as Jackson writes it; false (nothing written) for a lone surrogate. */
    private boolean string(String s) {
        int n = s.length();
        ensure(n * 6 + 2);
        int at = length;
        byte[] b = bytes;
        b[at++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c < 0x20 || c == '"' || c == '\\') {
                    b[at++] = '\\';
                    switch (c) {
                        case '"' -> b[at++] = '"';
                        case '\\' -> b[at++] = '\\';
                        case '\n' -> b[at++] = 'n';
                        case '\r' -> b[at++] = 'r';
                        case '\t' -> b[at++] = 't';
                        case '\b' -> b[at++] = 'b';
                        case '\f' -> b[at++] = 'f';
                        default -> {
                            b[at++] = 'u';
                            b[at++] = '0';
                            b[at++] = '0';
                            b[at++] = HEX[c >> 4];
                            b[at++] = HEX[c & 0xf];
                        }
                    }
                } else {
                    b[at++] = (byte) c;
                }
            } else if (c < 0x800) {
                b[at++] = (byte) (0xc0 | (c >> 6));
                b[at++] = (byte) (0x80 | (c & 0x3f));
            } else if (Character.isSurrogate(c)) {
                char low = i + 1 < n ? s.charAt(i + 1) : 0;
                if (!Character.isHighSurrogate(c) || !Character.isLowSurrogate(low)) {
                    return false;
                }
                i++; // a pair goes out as two escapes, as Jackson writes it
                at = escape(b, at, c);
                at = escape(b, at, low);
            } else {
                b[at++] = (byte) (0xe0 | (c >> 12));
                b[at++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                b[at++] = (byte) (0x80 | (c & 0x3f));
            }
        }
        b[at++] = '"';
        length = at;
        return true;
    }

    private static int escape(byte[] b, int at, char c) {
        b[at++] = '\\';
        b[at++] = 'u';
        b[at++] = HEX[c >> 12];
        b[at++] = HEX[(c >> 8) & 0xf];
        b[at++] = HEX[(c >> 4) & 0xf];
        b[at++] = HEX[c & 0xf];
        return at;
    }

    private void digits(long n) {
        if (n == Long.MIN_VALUE) {
            ascii("-9223372036854775808");
            return;
        }
        ensure(20);
        if (n < 0) {
            bytes[length++] = '-';
            n = -n;
        }
        int start = length;
        do {
            bytes[length++] = (byte) ('0' + n % 10);
            n /= 10;
        } while (n != 0);
        for (int i = start, j = length - 1; i < j; i++, j--) {
            byte t = bytes[i];
            bytes[i] = bytes[j];
            bytes[j] = t;
        }
    }

    private void ascii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            bytes[length++] = (byte) s.charAt(i);
        }
    }

    private void put(byte b) {
        ensure(1);
        bytes[length++] = b;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
