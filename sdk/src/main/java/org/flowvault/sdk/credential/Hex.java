package org.flowvault.sdk.credential;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Lowercase hex for the field formats, table-driven. At 16 KiB a field's hex text is 32 K
 * characters, and the JDK's {@code HexFormat} spends several times longer on it than AES-GCM
 * spends on the bytes (bench/run-credential-bench.sh measures both), so this writes two digits
 * per store and reads the text as Latin-1 bytes. Reads either case; anything else (odd length, a
 * non-hex or non-ASCII character) is refused.
 */
final class Hex {
    private static final VarHandle SHORTS = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    /** Each byte's two lowercase digits, the first in the low byte (written little-endian: first digit first). */
    private static final short[] PAIRS = new short[256];
    /** Each byte value's worth as a hex digit, -1 when it is not one (non-ASCII included). */
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

    /** {@code prefix} (ASCII) followed by {@code bytes} in lowercase hex, as one Latin-1 string. */
    static String encode(String prefix, byte[] bytes) {
        int p = prefix.length();
        byte[] out = new byte[p + bytes.length * 2];
        for (int i = 0; i < p; i++) {
            out[i] = (byte) prefix.charAt(i);
        }
        for (int i = 0, j = p; i < bytes.length; i++, j += 2) {
            SHORTS.set(out, j, PAIRS[bytes[i] & 0xff]);
        }
        return new String(out, StandardCharsets.ISO_8859_1);
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
        int bad = 0;
        for (int i = from, j = 0; j < out.length; i += 2, j++) {
            int h = VALUES[text[i] & 0xff];
            int l = VALUES[text[i + 1] & 0xff];
            bad |= h | l;
            out[j] = (byte) (h << 4 | l);
        }
        return bad < 0 ? null : out;
    }
}
