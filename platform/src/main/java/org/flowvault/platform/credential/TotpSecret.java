package org.flowvault.platform.credential;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A TOTP secret with its parameters (RFC 6238): HMAC-SHA-1, -256 or -512, 6 or 8 digits, a
 * period (30 seconds by default), counted from the Unix epoch. Parsed from what people paste: a
 * base32 secret (either case, with or without {@code =} padding, spaces or dashes) or an
 * authenticator URI {@code otpauth://totp/LABEL?secret=..&algorithm=..&digits=..&period=..}.
 * Immutable and thread-safe; {@link #toString()} never shows the secret, and parse errors never
 * quote the text.
 */
public final class TotpSecret {
    /** The HMAC of a TOTP secret. */
    public enum Algorithm {
        SHA1("HmacSHA1"), SHA256("HmacSHA256"), SHA512("HmacSHA512");

        private final String mac;

        Algorithm(String mac) {
            this.mac = mac;
        }
    }

    public static final int DEFAULT_PERIOD = 30;
    public static final int DEFAULT_DIGITS = 6;
    private static final int MAX_SECRET_BYTES = 1024;
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private final byte[] key;
    private final Algorithm algorithm;
    private final int digits;
    private final int period;

    private TotpSecret(byte[] key, Algorithm algorithm, int digits, int period) {
        if (key.length == 0 || key.length > MAX_SECRET_BYTES) {
            throw new IllegalArgumentException("a TOTP secret has 1 to " + MAX_SECRET_BYTES + " bytes");
        }
        if (digits != 6 && digits != 8) {
            throw new IllegalArgumentException("a TOTP code has 6 or 8 digits");
        }
        if (period < 1 || period > 3600) {
            throw new IllegalArgumentException("a TOTP period is 1 to 3600 seconds");
        }
        this.key = key.clone();
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        this.digits = digits;
        this.period = period;
    }

    /** A secret from its raw bytes (RFC 6238's test seeds are ASCII text). */
    public static TotpSecret of(byte[] key, Algorithm algorithm, int digits, int period) {
        return new TotpSecret(Objects.requireNonNull(key, "key"), algorithm, digits, period);
    }

    /**
     * Parses a base32 secret (SHA-1, 6 digits, 30 s) or an {@code otpauth://totp/} URI.
     *
     * @throws IllegalArgumentException saying what is wrong, never quoting the text
     */
    public static TotpSecret parse(String text) {
        Objects.requireNonNull(text, "text");
        String t = text.strip();
        if (t.regionMatches(true, 0, "otpauth:", 0, 8)) {
            return parseUri(t);
        }
        return new TotpSecret(base32(t), Algorithm.SHA1, DEFAULT_DIGITS, DEFAULT_PERIOD);
    }

    private static TotpSecret parseUri(String t) {
        URI u;
        try {
            u = new URI(t);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the TOTP secret is not a valid otpauth:// URI");
        }
        if (!"totp".equalsIgnoreCase(u.getHost())) {
            throw new IllegalArgumentException("only otpauth://totp/ URIs are supported (not hotp or others)");
        }
        Map<String, String> q = new HashMap<>();
        String raw = u.getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    q.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        String secret = q.get("secret");
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("the otpauth:// URI has no secret= parameter");
        }
        Algorithm algorithm = Algorithm.SHA1;
        if (q.containsKey("algorithm")) {
            algorithm = switch (q.get("algorithm").toUpperCase(Locale.ROOT).replace("-", "")) {
                case "SHA1" -> Algorithm.SHA1;
                case "SHA256" -> Algorithm.SHA256;
                case "SHA512" -> Algorithm.SHA512;
                default -> throw new IllegalArgumentException("the otpauth:// URI's algorithm must be SHA1, SHA256 or SHA512");
            };
        }
        int digits = number(q, "digits", DEFAULT_DIGITS);
        int period = number(q, "period", DEFAULT_PERIOD);
        return new TotpSecret(base32(secret), algorithm, digits, period);
    }

    private static int number(Map<String, String> q, String name, int fallback) {
        String v = q.get(name);
        if (v == null) {
            return fallback;
        }
        if (!v.matches("\\d{1,4}")) {
            throw new IllegalArgumentException("the otpauth:// URI's " + name + " must be a whole number");
        }
        return Integer.parseInt(v);
    }

    /** RFC 4648 base32, case-insensitive; spaces, dashes and trailing padding are ignored. */
    static byte[] base32(String text) {
        StringBuilder clean = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != ' ' && c != '-' && c != '\t') {
                clean.append(Character.toUpperCase(c));
            }
        }
        int end = clean.length();
        while (end > 0 && clean.charAt(end - 1) == '=') {
            end--;
        }
        if (end == 0) {
            throw new IllegalArgumentException("the TOTP secret is empty");
        }
        ByteBuffer out = ByteBuffer.allocate(end * 5 / 8 + 1);
        int buffer = 0;
        int bits = 0;
        for (int i = 0; i < end; i++) {
            int v = BASE32.indexOf(clean.charAt(i));
            if (v < 0) {
                throw new IllegalArgumentException("the TOTP secret is not base32 (letters A-Z and digits 2-7) nor an otpauth:// URI");
            }
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8) {
                out.put((byte) (buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        byte[] bytes = new byte[out.position()];
        out.flip().get(bytes);
        return bytes;
    }

    public Algorithm algorithm() {
        return algorithm;
    }

    public int digits() {
        return digits;
    }

    public int period() {
        return period;
    }

    /** The code for the time step containing {@code at}. */
    public String code(Instant at) {
        return generate(Math.floorDiv(at.getEpochSecond(), period));
    }

    /** The code at {@code at} and how many whole seconds it stays valid (at least 1). */
    public TotpCode current(Instant at) {
        long step = Math.floorDiv(at.getEpochSecond(), period);
        long validFor = (step + 1) * period - at.getEpochSecond();
        return new TotpCode(generate(step), (int) validFor, digits, period);
    }

    /** RFC 4226 HOTP of {@code counter} with this secret's HMAC and digits. */
    String generate(long counter) {
        byte[] h;
        try {
            Mac mac = Mac.getInstance(algorithm.mac);
            mac.init(new SecretKeySpec(key, algorithm.mac));
            h = mac.doFinal(ByteBuffer.allocate(8).putLong(counter).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK lacks " + algorithm.mac, e);
        }
        int offset = h[h.length - 1] & 0x0f;
        int binary = ((h[offset] & 0x7f) << 24) | ((h[offset + 1] & 0xff) << 16) | ((h[offset + 2] & 0xff) << 8) | (h[offset + 3] & 0xff);
        int mod = digits == 8 ? 100_000_000 : 1_000_000;
        String code = Integer.toString(binary % mod);
        return "0".repeat(digits - code.length()) + code;
    }

    @Override
    public String toString() {
        return "TotpSecret[" + algorithm + ", " + digits + " digits, " + period + " s]";
    }
}
