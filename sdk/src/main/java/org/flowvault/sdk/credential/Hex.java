package org.flowvault.sdk.credential;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Lowercase hex for the field formats. At 16 KiB a field's hex text is 32 K characters, and hex
 * costs more than AES-GCM on the bytes (bench/run-credential-bench.sh), so both directions work on
 * bytes in buffers the caller reuses, two bytes of data per step, through tables: encoding looks up
 * the four digits of two bytes at once (a 256 KiB table), decoding the byte two digits spell (a
 * 128 KiB table, of which a hex text touches about 4 KiB). Measured against one digit pair or one
 * digit per lookup, that halves the time on this machine. Reads either case; anything else (odd
 * length, a non-hex or non-ASCII character) is refused.
 */
final class Hex {
    private static final VarHandle SHORTS = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final byte[] DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    /** The four lowercase digits of two bytes read little-endian (first byte low), first digit in the low byte. */
    private static final int[] QUADS = new int[1 << 16];
    /** The byte two characters spell, read little-endian (first character low); -1 when they are not two hex digits. */
    private static final short[] PAIRS = new short[1 << 16];

    static {
        for (int v = 0; v < QUADS.length; v++) {
            int first = v & 0xff;
            int second = v >>> 8;
            QUADS[v] = DIGITS[first >>> 4] | DIGITS[first & 0x0f] << 8 | DIGITS[second >>> 4] << 16 | DIGITS[second & 0x0f] << 24;
        }
        Arrays.fill(PAIRS, (short) -1);
        String digits = "0123456789abcdefABCDEF";
        for (int i = 0; i < digits.length(); i++) {
            for (int j = 0; j < digits.length(); j++) {
                char hi = digits.charAt(i);
                char lo = digits.charAt(j);
                PAIRS[hi | lo << 8] = (short) (Character.digit(hi, 16) << 4 | Character.digit(lo, 16));
            }
        }
    }

    private Hex() {
    }

    /** {@code prefix} (ASCII) followed by {@code bytes} in lowercase hex. */
    static String encode(String prefix, byte[] bytes) {
        return encode(prefix, bytes, bytes.length, new byte[prefix.length() + 2 * bytes.length]);
    }

    /**
     * {@code prefix} (ASCII) followed by the first {@code length} of {@code bytes} in lowercase hex,
     * built in {@code text} (at least {@code prefix.length() + 2 * length} bytes, overwritten) and
     * copied once into the result.
     */
    static String encode(String prefix, byte[] bytes, int length, byte[] text) {
        int p = prefix.length();
        for (int i = 0; i < p; i++) {
            text[i] = (byte) prefix.charAt(i);
        }
        int i = 0;
        int j = p;
        for (; i + 1 < length; i += 2, j += 4) {
            INTS.set(text, j, QUADS[(short) SHORTS.get(bytes, i) & 0xffff]);
        }
        if (i < length) {
            text[j] = DIGITS[(bytes[i] >>> 4) & 0x0f];
            text[j + 1] = DIGITS[bytes[i] & 0x0f];
        }
        return new String(text, 0, p + 2 * length, StandardCharsets.ISO_8859_1);
    }

    /** The bytes {@code s[from, to)} spells in hex, or null when it is not an even number of hex digits. */
    static byte[] decode(String s, int from, int to) {
        int n = to - from;
        if (n < 0 || (n & 1) != 0) {
            return null;
        }
        // a character outside Latin-1 becomes '?', which is no hex digit: refused like any other
        byte[] text = s.substring(from, to).getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[n >>> 1];
        return decode(text, 0, n, out) < 0 ? null : out;
    }

    /**
     * Writes the bytes {@code text[from, to)} (Latin-1 characters) spells in hex to the start of
     * {@code out} (which must hold them) and returns how many; -1 when it is not an even number of
     * hex digits.
     */
    static int decode(byte[] text, int from, int to, byte[] out) {
        int n = to - from;
        if (n < 0 || (n & 1) != 0) {
            return -1;
        }
        int bad = 0; // branch-free: a pair that is not two digits is -1 in the table, caught once at the end
        for (int i = from, j = 0; i < to; i += 2, j++) {
            int b = PAIRS[(short) SHORTS.get(text, i) & 0xffff];
            bad |= b;
            out[j] = (byte) b;
        }
        return bad < 0 ? -1 : n >>> 1;
    }
}
