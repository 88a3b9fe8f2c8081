package org.flowvault.platform.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF-SHA256 (RFC 5869): extract-then-expand. The JDK's own {@code javax.crypto.KDF} needs Java
 * 25, and the platform builds for 21; RFC 5869's test case 1 pins this implementation.
 */
final class Hkdf {
    private static final int HASH = 32;

    private Hkdf() {
    }

    static byte[] sha256(byte[] ikm, byte[] salt, byte[] info, int length) {
        if (length < 1 || length > 255 * HASH) {
            throw new IllegalArgumentException("HKDF-SHA256 output length must be 1.." + 255 * HASH + " bytes, not " + length);
        }
        try {
            Mac extract = Mac.getInstance("HmacSHA256");
            extract.init(new SecretKeySpec(salt.length == 0 ? new byte[HASH] : salt, "HmacSHA256"));
            byte[] prk = extract.doFinal(ikm);
            Mac expand = Mac.getInstance("HmacSHA256");
            expand.init(new SecretKeySpec(prk, "HmacSHA256"));
            byte[] out = new byte[length];
            byte[] t = new byte[0];
            for (int i = 1, done = 0; done < length; i++) {
                expand.update(t);
                expand.update(info);
                expand.update((byte) i);
                t = expand.doFinal();
                int n = Math.min(HASH, length - done);
                System.arraycopy(t, 0, out, done, n);
                done += n;
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK: " + e.getMessage(), e);
        }
    }
}
