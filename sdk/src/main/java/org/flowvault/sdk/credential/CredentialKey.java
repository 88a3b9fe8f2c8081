package org.flowvault.sdk.credential;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.spec.SecretKeySpec;

/**
 * A project's credential key: 32 random bytes for AES-256-GCM, written as 64 hex characters (the
 * form the seed product's SDKs take, so an existing key can be imported). Immutable; the key
 * never appears in {@link #toString()}.
 */
public final class CredentialKey {
    static final int BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] key;
    private final SecretKeySpec spec;

    private CredentialKey(byte[] key) {
        this.key = key;
        this.spec = new SecretKeySpec(key, "AES");
    }

    /**
     * The key written as 64 hex characters (either case).
     *
     * @throws IllegalArgumentException saying what is wrong (length, a non-hex character), never
     *                                  quoting the text
     */
    public static CredentialKey fromHex(String hex) {
        Objects.requireNonNull(hex, "hex");
        String h = hex.strip();
        if (h.length() != BYTES * 2) {
            throw new IllegalArgumentException("a credential key is 64 hex characters (32 bytes); this one has "
                    + h.length() + " characters");
        }
        for (int i = 0; i < h.length(); i++) {
            if (Character.digit(h.charAt(i), 16) < 0) {
                throw new IllegalArgumentException("a credential key is 64 hex characters (0-9, a-f); character "
                        + (i + 1) + " is not a hex digit");
            }
        }
        return new CredentialKey(HexFormat.of().parseHex(h.toLowerCase(java.util.Locale.ROOT)));
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

    SecretKeySpec spec() {
        return spec;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CredentialKey other && java.security.MessageDigest.isEqual(key, other.key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return "CredentialKey";
    }
}
