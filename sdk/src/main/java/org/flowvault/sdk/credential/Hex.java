package org.flowvault.sdk.credential;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Lowercase hex for the field formats. At 16 KiB a field's hex text is 32 K characters, more work
 * than AES-GCM on the bytes (bench/run-credential-bench.sh), so both directions work on bytes in
 * buffers the caller reuses. Encoding turns four bytes into eight digits at a time in a
 * {@code long} (SWAR: the same arithmetic on each of its bytes, with no carry between them).
 * Decoding looks each pair of characters up at once in a 64 K-entry table (128 KB, built on first
 * use), about twice as fast as the SWAR decoder it replaced; the lookups are indexed by
 * ciphertext, never by a secret. Reads either case; anything else (odd length, a non-hex or
 * non-ASCII character) is refused.
 */
final class Hex {
    private static final VarHandle SHORTS = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    /** Each byte's two lowercase digits, the first in the low byte (stored little-endian: first digit first). */
    private static final short[] DIGIT_PAIRS = new short[256];

    static {
        byte[] lower = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        for (int b = 0; b < 256; b++) {
            DIGIT_PAIRS[b] = (short) (lower[b >>> 4] | lower[b & 0x0f] << 8);
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
        for (; i + 4 <= length; i += 4, j += 8) {
            LONGS.set(text, j, digits((int) INTS.get(bytes, i)));
        }
        for (; i < length; i++, j += 2) {
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
        short[] pairs = PairTable.VALUES;
        int invalid = 0; // branch-free: a pair that is no hex has a negative entry, checked once at the end
        for (int i = from, j = 0; i < to; i += 2, j++) {
            int v = pairs[(short) SHORTS.get(text, i) & 0xFFFF];
            invalid |= v;
            out[j] = (byte) v;
        }
        return invalid < 0 ? -1 : n >>> 1;
    }

    /** Two characters (the first in the low byte) to the byte they spell, or -1: on first use only. */
    private static final class PairTable {
        static final short[] VALUES = new short[1 << 16];

        static {
            java.util.Arrays.fill(VALUES, (short) -1);
            String digits = "0123456789abcdefABCDEF";
            for (int a = 0; a < digits.length(); a++) {
                for (int b = 0; b < digits.length(); b++) {
                    char hi = digits.charAt(a);
                    char lo = digits.charAt(b);
                    VALUES[lo << 8 | hi] = (short) (Character.digit(hi, 16) << 4 | Character.digit(lo, 16));
                }
            }
        }
    }

    /**
     * The eight hex digits of four bytes (read little-endian: the first byte lowest), first digit
     * lowest: each byte is spread to its own 16-bit lane, its high nibble to the lane's low byte
     * and its low nibble to the high byte, then each nibble v becomes '0' + v, plus 39 when v > 9
     * ('a' - '0' - 10).
     */
    private static long digits(int fourBytes) {
        long t = fourBytes & 0xFFFFFFFFL;
        t = (t | t << 16) & 0x0000FFFF0000FFFFL;
        t = (t | t << 8) & 0x00FF00FF00FF00FFL;
        long nibbles = (t >>> 4 & 0x000F000F000F000FL) | (t & 0x000F000F000F000FL) << 8;
        long aboveNine = ((nibbles + 0x0606060606060606L) >>> 4) & ONES;
        return nibbles + 0x3030303030303030L + aboveNine * ('a' - '0' - 10);
    }
}
