package org.flowvault.platform.vaultconfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flowvault.vault.server.VaultServer;
import org.flowvault.vault.server.storage.InMemoryStorage;

/**
 * An embedded Vault-API server on a test clock, with root-token helpers to make tokens, policies
 * and AppRoles over real HTTP. The storage is kept so the server can be stopped and started again
 * on the same port (Vault "down" and back).
 */
public final class VaultFixture implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient PLAIN = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Clock clock;
    private final InMemoryStorage storage = new InMemoryStorage();
    private VaultServer vault;
    private final String root;
    private final String unsealKey;
    private final int port;
    private final HttpClient http;
    private final String scheme;

    public VaultFixture(Clock clock) {
        this.clock = clock;
        this.vault = VaultServer.builder().dev().clock(clock).storage(storage, "inmem").listen("127.0.0.1", 0).start();
        this.root = vault.rootToken();
        this.unsealKey = vault.unsealKey();
        this.port = vault.port();
        this.http = PLAIN;
        this.scheme = "http";
    }

    /** A server on https with {@code server}'s certificate (PEM files written here), trusted by the fixture's own calls. */
    VaultFixture(Clock clock, TestCertificates.Pair server, java.nio.file.Path dir) {
        this.clock = clock;
        try {
            java.nio.file.Path cert = java.nio.file.Files.writeString(dir.resolve("vault.crt"), server.certificatePem());
            java.nio.file.Path key = java.nio.file.Files.writeString(dir.resolve("vault.key"), server.privateKeyPem());
            this.vault = VaultServer.builder().dev().clock(clock).storage(storage, "inmem").tls(cert, key).listen("127.0.0.1", 0).start();
            java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("vault", server.certificate());
            javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                    javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
            tls.init(null, tmf.getTrustManagers(), null);
            this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).sslContext(tls).build();
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        this.root = vault.rootToken();
        this.unsealKey = vault.unsealKey();
        this.port = vault.port();
        this.scheme = "https";
    }

    /** A raw answer. */
    public record Reply(int status, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON: " + body, e);
            }
        }
    }

    /** Calls {@code /v1/<path>} with an optional token and JSON body. */
    public Reply call(String method, String path, String token, Object body) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(address() + "/v1/" + path)).timeout(Duration.ofSeconds(30))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            if (token != null) {
                b.header("X-Vault-Token", token);
            }
            if (body != null) {
                b.header("Content-Type", "application/json");
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String address() {
        return scheme + "://127.0.0.1:" + port;
    }

    public String root() {
        return root;
    }

    /** Root call that must succeed; returns the JSON answer (or null for 204). */
    public JsonNode root(String method, String path, Object body) {
        Reply r = call(method, path, root, body);
        if (r.status() >= 300) {
            throw new IllegalStateException(method + " " + path + " -> " + r.status() + " " + r.body());
        }
        return r.body().isEmpty() ? null : r.json();
    }

    /** A token (child of root) with these TTLs ("72h"), renewability and policies. */
    public String token(String ttl, String explicitMaxTtl, boolean renewable, String... policies) {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("ttl", ttl);
        if (explicitMaxTtl != null) {
            body.put("explicit_max_ttl", explicitMaxTtl);
        }
        body.put("renewable", renewable);
        body.put("policies", policies.length == 0 ? List.of("default") : List.of(policies));
        return root("POST", "auth/token/create", body).get("auth").get("client_token").asText();
    }

    public void revoke(String token) {
        root("POST", "auth/token/revoke", Map.of("token", token));
    }

    /** A policy reading everything below {@code secret/data/}, named "kv-read". */
    public String kvReadPolicy() {
        root("PUT", "sys/policies/acl/kv-read", Map.of("policy", "path \"secret/data/*\" { capabilities = [\"read\", \"list\"] }"));
        return "kv-read";
    }

    /** Enables AppRole at {@code approle/} (once) and returns {roleId, secretId} of a new role with {@code policy}. */
    public String[] appRole(String policy) {
        if (!call("GET", "sys/auth", root, null).body().contains("approle/")) {
            root("POST", "sys/auth/approle", Map.of("type", "approle"));
        }
        String role = "r" + UUID.randomUUID().toString().substring(0, 8);
        root("POST", "auth/approle/role/" + role, Map.of("token_policies", policy, "token_ttl", "1h"));
        String roleId = root("GET", "auth/approle/role/" + role + "/role-id", null).get("data").get("role_id").asText();
        String secretId = root("POST", "auth/approle/role/" + role + "/secret-id", Map.of()).get("data").get("secret_id").asText();
        return new String[] {roleId, secretId};
    }

    /** Stops the server (connections are refused until {@link #restart()}). */
    public void stop() {
        vault.close();
    }

    /** Starts the server again on the same port and storage, and unseals it. */
    public void restart() {
        vault = VaultServer.builder().clock(clock).storage(storage, "inmem").listen("127.0.0.1", port).start();
        Reply r = call("PUT", "sys/unseal", null, Map.of("key", unsealKey));
        if (r.status() != 200 || r.body().contains("\"sealed\":true")) {
            throw new IllegalStateException("unseal failed: " + r.body());
        }
    }

    @Override
    public void close() {
        vault.close();
    }
}
