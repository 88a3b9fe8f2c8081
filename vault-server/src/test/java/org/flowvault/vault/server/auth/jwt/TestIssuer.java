package org.flowvault.vault.server.auth.jwt;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A token issuer for tests: key pairs generated here, JWTs signed with them, and a JWKS endpoint
 * on a free loopback port (JDK HttpServer) that publishes the current keys and counts fetches.
 */
public final class TestIssuer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    /** A signing key: its JWS algorithm, key id and pair. */
    public record Key(String alg, String kid, KeyPair pair) {
    }

    private final List<Key> published = new CopyOnWriteArrayList<>();
    private final AtomicInteger fetches = new AtomicInteger();
    private HttpServer server;

    public static Key rsa(String kid) {
        return new Key("RS256", kid, generate("RSA", null));
    }

    public static Key ec(String kid) {
        return new Key("ES256", kid, generate("EC", new ECGenParameterSpec("secp256r1")));
    }

    public static Key ed25519(String kid) {
        return new Key("EdDSA", kid, generate("Ed25519", null));
    }

    private static KeyPair generate(String type, ECGenParameterSpec spec) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(type);
            if (spec != null) {
                g.initialize(spec);
            } else if (type.equals("RSA")) {
                g.initialize(2048);
            }
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public key as a PEM "PUBLIC KEY" block. */
    public static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    }

    /** A compact JWS of {@code claims} signed with {@code key} (kid in the header when it has one). */
    public static String sign(Key key, Map<String, Object> claims) {
        try {
            Map<String, Object> header = new LinkedHashMap<>();
            header.put("alg", key.alg());
            header.put("typ", "JWT");
            if (key.kid() != null) {
                header.put("kid", key.kid());
            }
            String input = B64.encodeToString(JSON.writeValueAsBytes(header)) + "." + B64.encodeToString(JSON.writeValueAsBytes(claims));
            String jdk = switch (key.alg()) {
                case "RS256" -> "SHA256withRSA";
                case "ES256" -> "SHA256withECDSAinP1363Format";
                case "EdDSA" -> "Ed25519";
                default -> throw new IllegalArgumentException(key.alg());
            };
            PrivateKey priv = key.pair().getPrivate();
            Signature s = Signature.getInstance(jdk);
            s.initSign(priv);
            s.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + B64.encodeToString(s.sign());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts the JWKS endpoint publishing {@code keys}. */
    public TestIssuer serve(Key... keys) {
        published.addAll(List.of(keys));
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/keys", exchange -> {
            fetches.incrementAndGet();
            byte[] body = JSON.writeValueAsBytes(Map.of("keys", published.stream().map(TestIssuer::jwk).toList()));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return this;
    }

    /** Publishes one more key (a rotation), as an issuer does before signing with it. */
    public void publish(Key key) {
        published.add(key);
    }

    /** The i-th key published, in publication order. */
    public Key published(int i) {
        return published.get(i);
    }

    public String jwksUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/keys";
    }

    public int fetches() {
        return fetches.get();
    }

    private static Map<String, Object> jwk(Key key) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kid", key.kid());
        m.put("use", "sig");
        m.put("alg", key.alg());
        PublicKey pub = key.pair().getPublic();
        if (pub instanceof RSAPublicKey rsa) {
            m.put("kty", "RSA");
            m.put("n", B64.encodeToString(unsigned(rsa.getModulus())));
            m.put("e", B64.encodeToString(unsigned(rsa.getPublicExponent())));
        } else if (pub instanceof ECPublicKey ec) {
            m.put("kty", "EC");
            m.put("crv", "P-256");
            m.put("x", B64.encodeToString(fixed(ec.getW().getAffineX(), 32)));
            m.put("y", B64.encodeToString(fixed(ec.getW().getAffineY(), 32)));
        } else {
            byte[] der = pub.getEncoded(); // SPKI: the raw 32-byte key is the tail
            m.put("kty", "OKP");
            m.put("crv", "Ed25519");
            m.put("x", B64.encodeToString(Arrays.copyOfRange(der, der.length - 32, der.length)));
        }
        return m;
    }

    private static byte[] unsigned(BigInteger n) {
        byte[] b = n.toByteArray();
        return b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
    }

    private static byte[] fixed(BigInteger n, int len) {
        byte[] b = unsigned(n);
        byte[] out = new byte[len];
        System.arraycopy(b, 0, out, len - b.length, b.length);
        return out;
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
    }
}
