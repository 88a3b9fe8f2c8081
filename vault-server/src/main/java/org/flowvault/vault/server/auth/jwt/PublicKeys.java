package org.flowvault.vault.server.auth.jwt;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/**
 * Public keys from PEM ({@code PUBLIC KEY} or a {@code CERTIFICATE}) and from JWKs, and JWS
 * signature checks with the JDK's providers: RS256/384/512, PS256/384/512, ES256/384/512 and
 * EdDSA (Ed25519). Messages name what is wrong, never the key material.
 */
public final class PublicKeys {
    /** The DER prefix of an Ed25519 SubjectPublicKeyInfo; the 32 raw key bytes follow. */
    private static final byte[] ED25519_SPKI = HexFormat.of().parseHex("302a300506032b6570032100");

    private PublicKeys() {
    }

    /** One PEM public key or certificate. */
    public static PublicKey fromPem(String pem) {
        String text = pem.trim();
        if (text.startsWith("-----BEGIN CERTIFICATE-----")) {
            try {
                return CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII))).getPublicKey();
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("the certificate could not be parsed");
            }
        }
        if (!text.startsWith("-----BEGIN PUBLIC KEY-----") || !text.contains("-----END PUBLIC KEY-----")) {
            throw new IllegalArgumentException("data does not contain any valid public keys (expected a PEM "
                    + "\"PUBLIC KEY\" or \"CERTIFICATE\" block)");
        }
        String body = text.substring("-----BEGIN PUBLIC KEY-----".length(), text.indexOf("-----END PUBLIC KEY-----"))
                .replaceAll("\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the PEM block is not valid base64");
        }
        for (String type : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(type).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException ignored) {
                // try the next key type
            }
        }
        throw new IllegalArgumentException("the PEM block is not an RSA, EC or Ed25519 public key");
    }

    /** A JWK of type RSA, EC (P-256/384/521) or OKP (Ed25519). */
    static PublicKey fromJwk(Map<String, Object> jwk) {
        String kty = text(jwk, "kty");
        try {
            switch (kty) {
                case "RSA" -> {
                    return KeyFactory.getInstance("RSA").generatePublic(
                            new RSAPublicKeySpec(unsigned(jwk, "n"), unsigned(jwk, "e")));
                }
                case "EC" -> {
                    String curve = switch (text(jwk, "crv")) {
                        case "P-256" -> "secp256r1";
                        case "P-384" -> "secp384r1";
                        case "P-521" -> "secp521r1";
                        default -> throw new IllegalArgumentException("unsupported EC curve in JWK");
                    };
                    AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
                    params.init(new ECGenParameterSpec(curve));
                    ECPoint point = new ECPoint(unsigned(jwk, "x"), unsigned(jwk, "y"));
                    return KeyFactory.getInstance("EC").generatePublic(
                            new ECPublicKeySpec(point, params.getParameterSpec(ECParameterSpec.class)));
                }
                case "OKP" -> {
                    if (!"Ed25519".equals(text(jwk, "crv"))) {
                        throw new IllegalArgumentException("unsupported OKP curve in JWK");
                    }
                    byte[] x = bytes(jwk, "x");
                    byte[] der = new byte[ED25519_SPKI.length + x.length];
                    System.arraycopy(ED25519_SPKI, 0, der, 0, ED25519_SPKI.length);
                    System.arraycopy(x, 0, der, ED25519_SPKI.length, x.length);
                    return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
                }
                default -> throw new IllegalArgumentException("unsupported JWK key type");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("invalid " + kty + " JWK");
        }
    }

    /** Whether {@code jwt}'s signature verifies with {@code key} under the token's own {@code alg}. */
    public static boolean verifies(Jwt jwt, PublicKey key) {
        String alg = jwt.algorithm();
        String jdk = switch (alg) {
            case "RS256" -> key instanceof RSAPublicKey ? "SHA256withRSA" : null;
            case "RS384" -> key instanceof RSAPublicKey ? "SHA384withRSA" : null;
            case "RS512" -> key instanceof RSAPublicKey ? "SHA512withRSA" : null;
            case "PS256", "PS384", "PS512" -> key instanceof RSAPublicKey ? "RSASSA-PSS" : null;
            case "ES256" -> key instanceof ECPublicKey ? "SHA256withECDSAinP1363Format" : null;
            case "ES384" -> key instanceof ECPublicKey ? "SHA384withECDSAinP1363Format" : null;
            case "ES512" -> key instanceof ECPublicKey ? "SHA512withECDSAinP1363Format" : null;
            case "EdDSA" -> key instanceof EdECPublicKey ? "Ed25519" : null;
            default -> null;
        };
        if (jdk == null) {
            return false;
        }
        try {
            Signature s = Signature.getInstance(jdk);
            if (jdk.equals("RSASSA-PSS")) {
                int bits = Integer.parseInt(alg.substring(2));
                String hash = "SHA-" + bits;
                s.setParameter(new java.security.spec.PSSParameterSpec(hash, "MGF1",
                        new java.security.spec.MGF1ParameterSpec(hash), bits / 8, 1));
            }
            s.initVerify(key);
            s.update(jwt.signingInput());
            return s.verify(jwt.signature());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false; // a malformed signature is a failed one
        }
    }

    /** Whether {@code alg} names a signature algorithm this server verifies. */
    static boolean supported(String alg) {
        return switch (alg) {
            case "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA" -> true;
            default -> false;
        };
    }

    private static String text(Map<String, Object> jwk, String field) {
        if (!(jwk.get(field) instanceof String s)) {
            throw new IllegalArgumentException("JWK lacks \"" + field + "\"");
        }
        return s;
    }

    private static byte[] bytes(Map<String, Object> jwk, String field) {
        try {
            return Base64.getUrlDecoder().decode(text(jwk, field));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("JWK field \"" + field + "\" is not base64url");
        }
    }

    private static BigInteger unsigned(Map<String, Object> jwk, String field) {
        return new BigInteger(1, bytes(jwk, field));
    }
}
