package org.flowvault.sdk.credential;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Lowercase hex for the field formats. At 16 KiB a field's hex text is 32 K characters, and the
 * JDK's {@code HexFormat} spent longer on it than AES-GCM on the bytes (bench/run-credential-bench.sh
 * measures both), so this works eight characters at a time in a {@code long} (SWAR): four bytes
 * become eight digits with shifts and adds, eight digits are checked and become four bytes the same
 * way; the tail goes through a table. Reads either case; anything else (odd length, a non-hex or
 * non-ASCII character) is refused.
 */
final class Hex {
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH = 0x8080808080808080L;
    private static final long NIBBLES = 0x0F0F0F0F0F0F0F0FL;
    private static final long LANES = 0x00FF00FF00FF00FFL;
    private static final byte[] DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    /** Each byte value's worth as a hex digit, -1 when it is not one (non-ASCII included). */
    private static final byte[] VALUES = new byte[256];

    static {
        Arrays.fill(VALUES, (byte) -1);
        for (int i = 0; i < 10; i++) {
            VALUES['0' + i] = (byte) i;
        }
        for (int i = 0; i < 6; i++) {
            VALUES['a' + i] = (byte) (10 + i);
            VALUES['A' + i] = (byte) (10 + i);
        }
    }

    private Hex() {
    }

    /** {@code prefix} (ASCII) followed by {@code bytes} in lowercase hex, as one Latin-1 string. */
    static String encode(String prefix, byte[] bytes) {
        int p = prefix.length();
        byte[] out = new byte[p + bytes.length * 2];
        for (int i = 0; i < p; i++) {
            out[i] = (byte) prefix.charAt(i);
        }
        int i = 0;
        int j = p;
        for (; i + 4 <= bytes.length; i += 4, j += 8) {
            LONG.set(out, j, digits((int) INT.get(bytes, i)));
        }
        for (; i < bytes.length; i++, j += 2) {
            out[j] = DIGITS[(bytes[i] >>> 4) & 0x0f];
            out[j + 1] = DIGITS[bytes[i] & 0x0f];
        }
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    /** Four bytes (the first in the low byte) as eight lowercase digits (the first in the low byte). */
    private static long digits(int four) {
        long x = four & 0xFFFFFFFFL;
        x = (x | (x << 16)) & 0x0000FFFF0000FFFFL;
        x = (x | (x << 8)) & LANES;
        // each 16-bit lane: the byte's high nibble first (low byte), then its low nibble
        long n = ((x >>> 4) & 0x000F000F000F000FL) | ((x & 0x000F000F000F000FL) << 8);
        long letter = ((n + 0x0606060606060606L) >>> 4) & ONES;
        return n + 0x3030303030303030L + letter * ('a' - '0' - 10);
    }

    /** The bytes {@code s[from, to)} spells in hex, or null when it is not an even number of hex digits. */
    static byte[] decode(String s, int from, int to) {
        int n = to - from;
        if (n < 0 || (n & 1) != 0) {
            return null;
        }
        // a character outside Latin-1 becomes '?', which is no hex digit: refused like any other
        byte[] text = s.getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[n >>> 1];
        int i = from;
        int j = 0;
        for (; i + 8 <= to; i += 8, j += 4) {
            long value = bytes((long) LONG.get(text, i));
            if (value < 0) {
                return null;
            }
            INT.set(out, j, (int) value);
        }
        int bad = 0;
        for (; i < to; i += 2, j++) {
            int h = VALUES[text[i] & 0xff];
            int l = VALUES[text[i + 1] & 0xff];
            bad |= h | l;
            out[j] = (byte) (h << 4 | l);
        }
        return bad < 0 ? null : out;
    }

    /** Eight hex digits (the first in the low byte) as four bytes in the low 32 bits, or -1 when one is not a hex digit. */
    private static long bytes(long c) {
        if ((c & HIGH) != 0) {
            return -1;
        }
        // 7-bit bytes: adding 0x80 - k sets a byte's high bit exactly when it is >= k, with no carry out
        long digit = (c + 0x5050505050505050L) & ~(c + 0x4646464646464646L);
        long folded = c | 0x2020202020202020L;
        long letter = (folded + 0x1F1F1F1F1F1F1F1FL) & ~(folded + 0x1919191919191919L);
        if (((digit | letter) & HIGH) != HIGH) {
            return -1;
        }
        long nibble = (c & NIBBLES) + ((letter & HIGH) >>> 7) * 9;
        long b = ((nibble & LANES) << 4) | ((nibble >>> 8) & LANES);
        b = (b | (b >>> 8)) & 0x0000FFFF0000FFFFL;
        return (b | (b >>> 16)) & 0xFFFFFFFFL;
    }
}
