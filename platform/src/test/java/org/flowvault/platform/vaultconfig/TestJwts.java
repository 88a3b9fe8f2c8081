package org.flowvault.platform.vaultconfig;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** An RS256 JWT issuer for tests: one key pair, its public key as PEM for Vault's jwt config, and signed tokens. */
final class TestJwts {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final KeyPair pair;

    TestJwts() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            pair = g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    String publicKeyPem() {
        return TestCertificates.pem("PUBLIC KEY", pair.getPublic().getEncoded());
    }

    /** A JWT for {@code subject} and {@code audience}, issued at {@code now}, valid for an hour. */
    String jwt(String subject, String audience, Instant now) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", "https://issuer.test");
        claims.put("sub", subject);
        claims.put("aud", audience);
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.getEpochSecond() + 3600);
        return sign(claims);
    }

    /** {@code claims} signed with RS256. */
    String sign(Map<String, Object> claims) {
        try {
            String signingInput = B64.encodeToString(JSON.writeValueAsBytes(Map.of("alg", "RS256", "typ", "JWT"))) + "."
                    + B64.encodeToString(JSON.writeValueAsBytes(claims));
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(pair.getPrivate());
            s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64.encodeToString(s.sign());
        } catch (GeneralSecurityException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
