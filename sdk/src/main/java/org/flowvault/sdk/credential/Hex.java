package org.flowvault.sdk.credential;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Lowercase hex for the field formats. At 16 KiB a field's hex text is 32 K characters and,
 * measured (bench/run-credential-bench.sh), the JDK's {@code HexFormat} and every fresh 32 KiB
 * array cost several times what AES-GCM costs on the bytes. So: a table of digit pairs written
 * two bytes per store into a buffer the caller reuses, one copy into the result string; decoding
 * reads the text's characters from a reused array through a table. Reads either case;
 * anything else (odd length, a non-hex or non-ASCII character) is refused.
 */
final class Hex {
    private static final VarHandle SHORTS = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    /** Each byte's two lowercase digits, the first in the low byte (stored little-endian: first digit first). */
    private static final short[] PAIRS = new short[256];
    /** Each Latin-1 character's worth as a hex digit, -1 when it is not one. */
    private static final byte[] VALUES = new byte[256];

    static {
        byte[] digits = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        for (int b = 0; b < 256; b++) {
            PAIRS[b] = (short) (digits[b >>> 4] | digits[b & 0x0f] << 8);
        }
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

    /** {@code prefix} (ASCII) followed by {@code bytes} in lowercase hex. */
    static String encode(String prefix, byte[] bytes) {
        return encode(prefix, bytes, bytes.length, new byte[prefix.length() + 2 * bytes.length]);
    }

    /**
     * {@code prefix} (ASCII) followed by the first {@code length} of {@code bytes} in lowercase hex,
     * built in {@code text} (at least {@code prefix.length() + 2 * length} bytes, overwritten).
     */
    static String encode(String prefix, byte[] bytes, int length, byte[] text) {
        int p = prefix.length();
        for (int i = 0; i < p; i++) {
            text[i] = (byte) prefix.charAt(i);
        }
        for (int i = 0, j = p; i < length; i++, j += 2) {
            SHORTS.set(text, j, PAIRS[bytes[i] & 0xff]);
        }
        return new String(text, 0, p + 2 * length, StandardCharsets.ISO_8859_1);
    }

    /** The bytes {@code s[from, to)} spells in hex, or null when it is not an even number of hex digits. */
    static byte[] decode(String s, int from, int to) {
        int n = to - from;
        if (n < 0 || (n & 1) != 0) {
            return null;
        }
        char[] text = new char[n];
        s.getChars(from, to, text, 0);
        byte[] out = new byte[n >>> 1];
        return decode(text, 0, n, out) < 0 ? null : out;
    }

    /**
     * Writes the bytes {@code text[from, to)} spells in hex to the start of {@code out} (which must
     * hold them) and returns how many; -1 when it is not an even number of hex digits. The caller
     * copies the string's characters into a reused array ({@code String.getChars}, one vectorised
     * copy): reading them there costs half of {@code String.charAt}, and a fresh array per field
     * would cost more than the decoding.
     */
    static int decode(char[] text, int from, int to, byte[] out) {
        int n = to - from;
        if (n < 0 || (n & 1) != 0) {
            return -1;
        }
        // branch-free: the table is indexed by the low byte, and any character above 0xFF is caught by `wide` at the end
        int bad = 0;
        int wide = 0;
        for (int i = from, j = 0; i < to; i += 2, j++) {
            char hi = text[i];
            char lo = text[i + 1];
            int h = VALUES[hi & 0xff];
            int l = VALUES[lo & 0xff];
            bad |= h | l;
            wide |= hi | lo;
            out[j] = (byte) (h << 4 | l);
        }
        return bad < 0 || wide > 0xff ? -1 : n >>> 1;
    }
}
