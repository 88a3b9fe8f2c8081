package org.flowvault.sdk.credential;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Lowercase hex for the field formats. At 16 KiB a field's hex text is 32 K characters, and hex
 * costs more than AES-GCM on the bytes (bench/run-credential-bench.sh), so both directions work on
 * bytes in buffers the caller reuses, through tables: encoding looks up a byte's two digits (a
 * 512-byte table, always in the cache; a table of the four digits of two bytes was faster alone
 * but, at 256 KiB, missed the cache on small fields), decoding looks up the byte two digits spell
 * (a 128 KiB table, of which hex text touches about 4 KiB), which measured twice as fast as one
 * lookup per digit. Reads either case; anything else (odd length, a non-hex or non-ASCII
 * character) is refused.
 */
final class Hex {
    private static final VarHandle SHORTS = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    /** Each byte's two lowercase digits, the first in the low byte (stored little-endian: first digit first). */
    private static final short[] DIGIT_PAIRS = new short[256];
    /** The byte two characters spell, read little-endian (first character low); -1 when they are not two hex digits. */
    private static final short[] PAIRS = new short[1 << 16];

    static {
        byte[] lower = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        for (int b = 0; b < 256; b++) {
            DIGIT_PAIRS[b] = (short) (lower[b >>> 4] | lower[b & 0x0f] << 8);
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
        for (int i = 0, j = p; i < length; i++, j += 2) {
            SHORTS.set(text, j, DIGIT_PAIRS[bytes[i] & 0xff]);
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
