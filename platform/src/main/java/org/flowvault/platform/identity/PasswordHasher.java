package org.flowvault.platform.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashing (BouncyCastle's generator) in the PHC string format
 * {@code $argon2id$v=19$m=<KiB>,t=<iterations>,p=<lanes>$<salt>$<hash>} (unpadded base64), so the
 * parameters travel with each hash and can be raised later without breaking old hashes.
 * Verification recomputes with the stored parameters and compares in constant time.
 *
 * <p>Defaults follow OWASP's minimum for Argon2id: 19 MiB, 2 iterations, 1 lane. Thread-safe.
 */
public final class PasswordHasher {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();
    private static final int SALT = 16;
    private static final int HASH = 32;

    private final int memoryKiB;
    private final int iterations;
    private final int parallelism;

    /**
     * @param memoryKiB   memory cost in KiB (at least 8 * parallelism)
     * @param iterations  time cost, at least 1
     * @param parallelism lanes, at least 1
     */
    public PasswordHasher(int memoryKiB, int iterations, int parallelism) {
        if (parallelism < 1 || iterations < 1 || memoryKiB < 8 * parallelism) {
            throw new IllegalArgumentException("Argon2id needs parallelism >= 1, iterations >= 1 and memory >= 8 KiB per lane; got m="
                    + memoryKiB + ", t=" + iterations + ", p=" + parallelism);
        }
        this.memoryKiB = memoryKiB;
        this.iterations = iterations;
        this.parallelism = parallelism;
    }

    /** OWASP's recommended minimum: m=19456 KiB, t=2, p=1. */
    public static PasswordHasher defaults() {
        return new PasswordHasher(19_456, 2, 1);
    }

    /** The PHC-encoded Argon2id hash of {@code password} with a fresh random salt. */
    public String hash(String password) {
        Objects.requireNonNull(password, "password");
        byte[] salt = new byte[SALT];
        RANDOM.nextBytes(salt);
        byte[] hash = compute(password, salt, memoryKiB, iterations, parallelism, HASH);
        return "$argon2id$v=19$m=" + memoryKiB + ",t=" + iterations + ",p=" + parallelism
                + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /**
     * True when {@code password} matches {@code encoded}; false for a wrong password or a malformed
     * or foreign hash (never an exception, so a corrupt row reads as a failed login).
     */
    public boolean verify(String password, String encoded) {
        if (password == null || encoded == null) {
            return false;
        }
        String[] parts = encoded.split("\\$");
        // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
        if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) {
            return false;
        }
        try {
            int m = 0;
            int t = 0;
            int p = 0;
            for (String kv : parts[3].split(",")) {
                String[] pair = kv.split("=", 2);
                int v = Integer.parseInt(pair[1]);
                switch (pair[0]) {
                    case "m" -> m = v;
                    case "t" -> t = v;
                    case "p" -> p = v;
                    default -> {
                        return false;
                    }
                }
            }
            if (m < 8 || t < 1 || p < 1 || m > 4 * 1024 * 1024 || t > 100 || p > 64) {
                return false;
            }
            byte[] salt = B64D.decode(parts[4]);
            byte[] expected = B64D.decode(parts[5]);
            if (expected.length < 16) {
                return false;
            }
            byte[] actual = compute(password, salt, m, t, p, expected.length);
            return MessageDigest.isEqual(actual, expected);
        } catch (RuntimeException malformed) {
            return false;
        }
    }

    private static byte[] compute(String password, byte[] salt, int m, int t, int p, int length) {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(m)
                .withIterations(t)
                .withParallelism(p)
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(params);
        byte[] out = new byte[length];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }

    @Override
    public String toString() {
        return "PasswordHasher[argon2id m=" + memoryKiB + " t=" + iterations + " p=" + parallelism + "]";
    }
}
