package org.flowvault.vault.server.seal;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * One root token generation at a time, as Vault 1.10+'s {@code sys/generate-root/*}: the operator
 * starts it with a one-time password (or lets the server make one), key holders give their unseal
 * key shares, and at the threshold a new root token is made and handed out only encoded:
 * {@code base64 (no padding) of token XOR otp}, so whoever sees the response without the OTP
 * learns nothing.
 */
public final class RootGeneration {
    /** Length of the OTP and of the generated root token: "hvs." and 24 random characters. */
    public static final int OTP_LENGTH = 28;
    private static final String BASE62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SealManager seal;
    private Attempt attempt;

    public RootGeneration(SealManager seal) {
        this.seal = seal;
    }

    /** Status of the attempt; {@code encodedToken} is set only on the update that completes it. */
    public record Status(String nonce, boolean started, int progress, int required, boolean complete,
                         String encodedToken, String otp) {
    }

    private record Attempt(String nonce, String otp, List<byte[]> progress) {
    }

    public synchronized Status status() {
        int required = seal.config().threshold();
        Attempt a = attempt;
        return a == null ? new Status("", false, 0, required, false, "", "")
                : new Status(a.nonce, true, a.progress.size(), required, false, "", "");
    }

    /**
     * Starts an attempt. Without {@code otp} the server makes one and returns it in the status,
     * once; with one it must be {@link #OTP_LENGTH} characters.
     */
    public synchronized Status start(String otp) {
        boolean generated = otp == null || otp.isEmpty();
        if (!generated && otp.length() != OTP_LENGTH) {
            throw new SealException("OTP string is wrong length: it must be " + OTP_LENGTH + " characters");
        }
        if (attempt != null) {
            throw new SealException("root generation already in progress");
        }
        String value = generated ? randomOtp() : otp;
        attempt = new Attempt(UUID.randomUUID().toString(), value, new ArrayList<>());
        Status s = status();
        return generated ? new Status(s.nonce(), true, 0, s.required(), false, "", value) : s;
    }

    public synchronized void cancel() {
        if (attempt != null) {
            attempt.progress.forEach(p -> Arrays.fill(p, (byte) 0));
        }
        attempt = null;
    }

    /** Adds one unseal key share; at the threshold {@code mintRootToken} makes the token encoded in the answer. */
    public synchronized Status update(byte[] share, String nonce, Supplier<String> mintRootToken) {
        Attempt a = attempt;
        if (a == null) {
            throw new SealException("no root generation in progress");
        }
        if (!a.nonce.equals(nonce)) {
            throw new SealException("incorrect nonce supplied; nonce for this root generation operation is \"" + a.nonce + "\"");
        }
        for (byte[] existing : a.progress) {
            if (Arrays.equals(existing, share)) {
                throw new SealException("given key has already been provided during this generation operation");
            }
        }
        a.progress.add(share.clone());
        int required = seal.config().threshold();
        if (a.progress.size() < required) {
            return new Status(a.nonce, true, a.progress.size(), required, false, "", "");
        }
        int progress = a.progress.size();
        try {
            seal.verifyShares(a.progress);
        } finally {
            a.progress.forEach(p -> Arrays.fill(p, (byte) 0));
            a.progress.clear();
        }
        String token = mintRootToken.get();
        String encoded = encode(token, a.otp);
        attempt = null;
        return new Status(a.nonce, true, progress, required, true, encoded, "");
    }

    /** Vault's encoding: XOR of the token's and the OTP's bytes (equal lengths), base64 without padding. */
    static String encode(String token, String otp) {
        byte[] t = token.getBytes(StandardCharsets.UTF_8);
        byte[] o = otp.getBytes(StandardCharsets.UTF_8);
        if (t.length != o.length) {
            throw new IllegalStateException("root token and OTP lengths differ");
        }
        byte[] x = new byte[t.length];
        for (int i = 0; i < t.length; i++) {
            x[i] = (byte) (t[i] ^ o[i]);
        }
        return Base64.getEncoder().withoutPadding().encodeToString(x);
    }

    private static String randomOtp() {
        StringBuilder b = new StringBuilder(OTP_LENGTH);
        for (int i = 0; i < OTP_LENGTH; i++) {
            b.append(BASE62.charAt(RANDOM.nextInt(BASE62.length())));
        }
        return b.toString();
    }
}
