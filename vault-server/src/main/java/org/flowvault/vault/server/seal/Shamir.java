package org.flowvault.vault.server.seal;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Shamir's secret sharing over GF(2^8) in Vault's share format: each share holds one polynomial
 * value per secret byte, followed by its x-coordinate as the last byte. x-coordinates are distinct
 * and non-zero, so any {@code threshold} shares recover the secret and fewer reveal nothing.
 */
public final class Shamir {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Shamir() {
    }

    /** Splits {@code secret} into {@code parts} shares of which {@code threshold} recover it. */
    public static List<byte[]> split(byte[] secret, int parts, int threshold) {
        if (parts < threshold) {
            throw new IllegalArgumentException("parts cannot be less than threshold");
        }
        if (parts > 255) {
            throw new IllegalArgumentException("parts cannot exceed 255");
        }
        if (threshold < 2) {
            throw new IllegalArgumentException("threshold must be at least 2");
        }
        if (secret.length == 0) {
            throw new IllegalArgumentException("cannot split an empty secret");
        }
        // Random, distinct, non-zero x-coordinates: a shuffled 1..255 as Vault does.
        int[] xs = new int[255];
        for (int i = 0; i < 255; i++) {
            xs[i] = i + 1;
        }
        for (int i = 254; i > 0; i--) {
            int j = RANDOM.nextInt(i + 1);
            int t = xs[i];
            xs[i] = xs[j];
            xs[j] = t;
        }
        byte[][] shares = new byte[parts][secret.length + 1];
        for (int p = 0; p < parts; p++) {
            shares[p][secret.length] = (byte) xs[p];
        }
        int[] coefficients = new int[threshold];
        for (int b = 0; b < secret.length; b++) {
            coefficients[0] = secret[b] & 0xff;
            for (int c = 1; c < threshold; c++) {
                coefficients[c] = RANDOM.nextInt(256);
            }
            for (int p = 0; p < parts; p++) {
                shares[p][b] = (byte) evaluate(coefficients, xs[p]);
            }
        }
        List<byte[]> out = new ArrayList<>(parts);
        for (byte[] s : shares) {
            out.add(s);
        }
        return out;
    }

    /** Recovers the secret from at least two shares of equal length. */
    public static byte[] combine(List<byte[]> parts) {
        if (parts.size() < 2) {
            throw new IllegalArgumentException("less than two parts cannot be used to reconstruct the secret");
        }
        int len = parts.get(0).length;
        if (len < 2) {
            throw new IllegalArgumentException("parts must be at least two bytes");
        }
        Set<Integer> seen = new HashSet<>();
        int[] xs = new int[parts.size()];
        for (int i = 0; i < parts.size(); i++) {
            byte[] part = parts.get(i);
            if (part.length != len) {
                throw new IllegalArgumentException("all parts must be the same length");
            }
            xs[i] = part[len - 1] & 0xff;
            if (!seen.add(xs[i])) {
                throw new IllegalArgumentException("duplicate part detected");
            }
        }
        byte[] secret = new byte[len - 1];
        int[] ys = new int[parts.size()];
        for (int b = 0; b < len - 1; b++) {
            for (int i = 0; i < parts.size(); i++) {
                ys[i] = parts.get(i)[b] & 0xff;
            }
            secret[b] = (byte) interpolateAtZero(xs, ys);
        }
        return secret;
    }

    private static int evaluate(int[] coefficients, int x) {
        // Horner's method, highest degree first.
        int result = 0;
        for (int i = coefficients.length - 1; i >= 0; i--) {
            result = add(mul(result, x), coefficients[i]);
        }
        return result;
    }

    private static int interpolateAtZero(int[] xs, int[] ys) {
        int result = 0;
        for (int i = 0; i < xs.length; i++) {
            int basis = 1;
            for (int j = 0; j < xs.length; j++) {
                if (i != j) {
                    // l_i(0) = prod x_j / (x_j - x_i); subtraction is XOR in GF(2^8).
                    basis = mul(basis, div(xs[j], add(xs[j], xs[i])));
                }
            }
            result = add(result, mul(ys[i], basis));
        }
        return result;
    }

    static int add(int a, int b) {
        return a ^ b;
    }

    /** Multiplication in GF(2^8) modulo the AES polynomial x^8 + x^4 + x^3 + x + 1. */
    static int mul(int a, int b) {
        int product = 0;
        while (b != 0) {
            if ((b & 1) != 0) {
                product ^= a;
            }
            a <<= 1;
            if ((a & 0x100) != 0) {
                a ^= 0x11b;
            }
            b >>= 1;
        }
        return product;
    }

    static int div(int a, int b) {
        if (b == 0) {
            throw new ArithmeticException("divide by zero");
        }
        return mul(a, inverse(b));
    }

    private static int inverse(int a) {
        // a^254 = a^-1 in GF(2^8)
        int result = 1;
        int base = a;
        int exp = 254;
        while (exp > 0) {
            if ((exp & 1) != 0) {
                result = mul(result, base);
            }
            base = mul(base, base);
            exp >>= 1;
        }
        return result;
    }
}
