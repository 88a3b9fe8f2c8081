package org.flowvault.sdk.credential;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A project's credential key: 32 random bytes for AES-256-GCM, written as 64 hex characters (the
 * form the seed product's SDKs take, so an existing key can be imported). Immutable and
 * thread-safe; the key never appears in {@link #toString()}, and {@link #fingerprint()} is the
 * only derived value safe to show.
 */
public final class CredentialKey {
    static final int BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] FINGERPRINT_LABEL = "flowvault-credential-key-fingerprint".getBytes(StandardCharsets.US_ASCII);

    private final byte[] key;
    private final SecretKeySpec spec;
    private final String fingerprint;

    private CredentialKey(byte[] key) {
        this.key = key;
        this.spec = new SecretKeySpec(key, "AES");
        this.fingerprint = fingerprintOf(key);
    }

    /**
     * The key written as 64 hex characters (either case; surrounding white space, such as a key
     * file's final newline, is ignored).
     *
     * @throws IllegalArgumentException saying what is wrong (the length, the position of a
     *                                  character that is not 0-9 or a-f), never quoting the text
     */
    public static CredentialKey fromHex(String hex) {
        Objects.requireNonNull(hex, "hex");
        String h = hex.strip();
        if (h.length() != BYTES * 2) {
            throw new IllegalArgumentException("a credential key is 64 hex characters (32 bytes); this one has "
                    + h.length() + " characters");
        }
        byte[] k = new byte[BYTES];
        for (int i = 0; i < BYTES; i++) {
            k[i] = (byte) (nibble(h, 2 * i) << 4 | nibble(h, 2 * i + 1));
        }
        return new CredentialKey(k);
    }

    /** One ASCII hex digit: Character.digit would also take other scripts' digits and full-width letters. */
    private static int nibble(String h, int i) {
        char c = h.charAt(i);
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        throw new IllegalArgumentException("a credential key is 64 hex characters (0-9, a-f); character "
                + (i + 1) + " is not a hex digit");
    }

    /** A new random key. */
    public static CredentialKey generate() {
        byte[] k = new byte[BYTES];
        RANDOM.nextBytes(k);
        return new CredentialKey(k);
    }

    /** The key as 64 lowercase hex characters: to show once, or to store wrapped. */
    public String toHex() {
        return HexFormat.of().formatHex(key);
    }

    /**
     * A public name of this key: the first 8 bytes of HMAC-SHA256(key,
     * {@code "flowvault-credential-key-fingerprint"}) as 16 hex characters. It tells which key a
     * client holds (e.g. which key version it matches) and reveals nothing about the key.
     */
    public String fingerprint() {
        return fingerprint;
    }

    SecretKeySpec spec() {
        return spec;
    }

    private static String fingerprintOf(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(FINGERPRINT_LABEL), 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no HmacSHA256", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CredentialKey other && MessageDigest.isEqual(key, other.key);
    }

    /** Derived from the fingerprint, not the key bytes, so a hash code reveals nothing. */
    @Override
    public int hashCode() {
        return fingerprint.hashCode();
    }

    @Override
    public String toString() {
        return "CredentialKey";
    }
}
