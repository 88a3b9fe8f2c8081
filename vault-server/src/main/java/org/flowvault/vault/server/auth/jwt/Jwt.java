package org.flowvault.vault.server.auth.jwt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.flowvault.vault.server.internal.ServerJson;

/**
 * A JSON Web Token in compact JWS form, split and decoded but not verified: the header, the
 * claims, the bytes the signature covers and the signature. Parsing errors never quote the token.
 *
 * @param signingInput the ASCII of {@code header.payload}, what the signature covers
 */
public record Jwt(Map<String, Object> header, Map<String, Object> claims, byte[] signingInput, byte[] signature) {

    /**
     * Splits and decodes {@code token}.
     *
     * @throws IllegalArgumentException with a message safe to show (it names the part, never the value)
     */
    public static Jwt parse(String token) {
        String[] parts = token.trim().split("\\.", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("token is not a compact JWS (expected 3 dot-separated parts, got "
                    + parts.length + ")");
        }
        Map<String, Object> header = json(parts[0], "header");
        Map<String, Object> claims = json(parts[1], "payload");
        byte[] signature = decode(parts[2], "signature");
        return new Jwt(header, claims, (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII), signature);
    }

    /** The header's {@code alg}, or "" when absent. */
    public String algorithm() {
        return header.get("alg") instanceof String s ? s : "";
    }

    /** The header's {@code kid}, or null when absent. */
    public String keyId() {
        return header.get("kid") instanceof String s ? s : null;
    }

    private static Map<String, Object> json(String part, String name) {
        try {
            return ServerJson.readRequest(decode(part, name));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("token " + name + " is not a base64url-encoded JSON object");
        }
    }

    private static byte[] decode(String part, String name) {
        try {
            return Base64.getUrlDecoder().decode(part);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("token " + name + " is not base64url-encoded");
        }
    }

    @Override
    public String toString() {
        return "Jwt[alg=" + algorithm() + "]"; // never the claims or signature
    }
}
