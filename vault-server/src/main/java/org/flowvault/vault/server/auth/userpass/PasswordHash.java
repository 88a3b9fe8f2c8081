package org.flowvault.vault.server.auth.userpass;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes in the text form {@code pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>}:
 * PBKDF2-HMAC-SHA256 from the JDK with a random 16-byte salt. 210,000 iterations cost about
 * 150 ms here, in the range of Vault's bcrypt (cost 10) while keeping the unauthenticated login
 * endpoint from becoming a cheap way to burn CPU; OWASP's 600,000 would be ~400 ms. The count is
 * stored with each hash, so raising it later keeps old hashes valid.
 */
final class PasswordHash {
    static final int ITERATIONS = 210_000;
    private static final String SCHEME = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHash() {
    }

    static String hash(String password) {
        return hash(password, ITERATIONS);
    }

    static String hash(String password, int iterations) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] derived = derive(password, salt, iterations);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(derived);
    }

    /** Whether {@code password} matches {@code stored}; a null {@code stored} never matches but costs the same. */
    static boolean matches(String password, String stored) {
        boolean known = stored != null;
        String[] parts = (known ? stored : Dummy.HASH).split("\\$");
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            return false;
        }
        Base64.Decoder b64 = Base64.getDecoder();
        byte[] expected = b64.decode(parts[3]);
        byte[] actual = derive(password, b64.decode(parts[2]), Integer.parseInt(parts[1]));
        return MessageDigest.isEqual(expected, actual) && known;
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every JDK", e);
        } finally {
            spec.clearPassword();
        }
    }

    /** Compared against when the user does not exist, so that both cases take the same time. */
    private static final class Dummy {
        static final String HASH = hash("dummy password for unknown users", ITERATIONS);
    }
}
