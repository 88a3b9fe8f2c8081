package org.flowvault.vault.server.auth.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.flowvault.vault.server.auth.TestCertificates;

/**
 * A Kubernetes API server for tests that serves only the TokenReview API, over HTTPS with a
 * certificate from a test CA: tokens registered with {@link #accept} review as authenticated for
 * their service account; any other token does not. It records the bearer and the audiences of
 * each review.
 */
public final class TestCluster implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One review as the cluster received it. */
    public record Review(String bearer, String token, List<String> audiences) {
    }

    private final HttpsServer server;
    private final Map<String, String[]> accepted = new ConcurrentHashMap<>();
    public final List<Review> reviews = new CopyOnWriteArrayList<>();

    public TestCluster(TestCertificates.Issued serverCert) {
        try {
            server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setHttpsConfigurator(new HttpsConfigurator(serverCert.context(null)));
        server.createContext("/apis/authentication.k8s.io/v1/tokenreviews", exchange -> {
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            String token = body.at("/spec/token").asText();
            List<String> audiences = new java.util.ArrayList<>();
            body.at("/spec/audiences").forEach(a -> audiences.add(a.asText()));
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            reviews.add(new Review(auth == null ? "" : auth.replaceFirst("^Bearer ", ""), token, audiences));
            String[] sa = accepted.get(token);
            Map<String, Object> status = sa == null ? Map.of("authenticated", false, "error", "invalid bearer token")
                    : Map.of("authenticated", true, "user", Map.of("username", "system:serviceaccount:" + sa[1] + ":" + sa[0],
                    "uid", sa[2]));
            byte[] out = JSON.writeValueAsBytes(Map.of("apiVersion", "authentication.k8s.io/v1", "kind", "TokenReview",
                    "status", status));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(201, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.start();
    }

    /** Reviews {@code token} as valid for service account {@code name} in {@code namespace}. */
    public void accept(String token, String name, String namespace, String uid) {
        accepted.put(token, new String[] {name, namespace, uid});
    }

    public String host() {
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
