package org.flowvault.platform.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * API keys and session tokens: {@code <kind>_<prefix>_<secret>} with a 16-hex-digit public prefix
 * that finds the row and 32 random bytes of secret. Only the SHA-256 of the whole string is stored
 * — a fast hash is right here, since the secret has 256 bits of entropy and cannot be guessed.
 */
final class BearerSecrets {
    static final String API_KEY = "fvk";
    static final String SESSION = "fvs";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Compared against when no row matches, so a miss costs what a hit costs. */
    static final String DUMMY_HASH = sha256("flowvault-no-such-credential");

    private BearerSecrets() {
    }

    /** A fresh secret string of {@code kind}, e.g. {@code fvk_0123456789abcdef_...}. */
    static String generate(String kind) {
        byte[] p = new byte[8];
        byte[] s = new byte[32];
        RANDOM.nextBytes(p);
        RANDOM.nextBytes(s);
        return kind + "_" + HexFormat.of().formatHex(p) + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(s);
    }

    /** The public prefix of a well-formed secret of {@code kind}, or null. */
    static String prefixOf(String presented, String kind) {
        if (presented == null || !presented.startsWith(kind + "_")) {
            return null;
        }
        String rest = presented.substring(kind.length() + 1);
        int sep = rest.indexOf('_');
        if (sep != 16 || rest.length() < 17 + 40 || !rest.substring(0, 16).matches("[0-9a-f]{16}")) {
            return null;
        }
        return rest.substring(0, 16);
    }

    static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** Constant-time comparison of two hex hashes. */
    static boolean matches(String presented, String storedHash) {
        return MessageDigest.isEqual(sha256(presented).getBytes(StandardCharsets.US_ASCII),
                storedHash.getBytes(StandardCharsets.US_ASCII));
    }
}
