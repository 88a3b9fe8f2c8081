package org.flowvault.sdk.credential;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Lowercase hex for the field formats. At 16 KiB a field's hex text is 32 K characters, and a
 * table lookup per byte cost more than AES-GCM on the bytes (bench/run-credential-bench.sh), so
 * the bulk of both directions works on bytes in buffers the caller reuses, eight characters at a
 * time in a {@code long} (SWAR: the same arithmetic on each of its bytes, with no carry between
 * them); the tail goes through a small table (encoding) or Character.digit (decoding). Reads
 * either case; anything else (odd length, a non-hex or non-ASCII character) is refused.
 */
final class Hex {
    private static final VarHandle SHORTS = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
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
        int i = from;
        int j = 0;
        long valid = HIGH_BITS; // branch-free: a byte that is no digit clears its high bit, checked once at the end
        for (; i + 8 <= to; i += 8, j += 4) {
            long chars = (long) LONGS.get(text, i);
            valid &= digitBits(chars);
            INTS.set(out, j, bytes(chars));
        }
        for (; i < to; i += 2, j++) {
            int hi = Character.digit(text[i] & 0xff, 16);
            int lo = Character.digit(text[i + 1] & 0xff, 16);
            valid &= (hi | lo) < 0 ? 0 : HIGH_BITS;
            out[j] = (byte) (hi << 4 | lo);
        }
        return valid == HIGH_BITS ? n >>> 1 : -1;
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

    /**
     * A byte's high bit set where the character is a hex digit ('0'-'9', or 'a'-'f' in either
     * case), clear elsewhere, non-ASCII included. For an ASCII byte b, b + (0x80 - lo) has its high
     * bit set exactly when b >= lo, and b + (0x7F - hi) exactly when b > hi, with no carry out.
     * Setting bit 0x20 folds 'A'-'F' onto 'a'-'f' and nothing else onto them.
     */
    private static long digitBits(long chars) {
        long ascii = ~chars & HIGH_BITS;
        long b = chars & ~HIGH_BITS;
        long folded = b | 0x2020202020202020L;
        long isDigit = (b + 0x5050505050505050L) & ~(b + 0x4646464646464646L); // 0x30..0x39
        long isLetter = (folded + 0x1F1F1F1F1F1F1F1FL) & ~(folded + 0x1919191919191919L); // 0x61..0x66
        return ascii & (isDigit | isLetter);
    }

    /**
     * The four bytes eight hex digits spell (valid digits assumed; {@link #digitBits} checks): a
     * digit's value is its low nibble, plus 9 for a letter (bit 0x40 set), then each pair joins as
     * high nibble then low nibble in its 16-bit lane, and the four lanes pack into an int.
     */
    private static int bytes(long chars) {
        long v = (chars & 0x0F0F0F0F0F0F0F0FL) + (chars >>> 6 & ONES) * 9;
        long t = (v & 0x00FF00FF00FF00FFL) << 4 | (v >>> 8 & 0x00FF00FF00FF00FFL);
        t = (t | t >>> 8) & 0x0000FFFF0000FFFFL;
        return (int) (t | t >>> 16);
    }
}
