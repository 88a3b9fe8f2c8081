package org.flowvault.vault.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The shared test harness: a dev-mode embedded server on a free loopback port, and a tiny raw
 * HTTP caller for wire-level assertions (status, headers, exact JSON).
 *
 * <pre>{@code
 * try (TestVault vault = TestVault.dev()) {
 *     TestVault.Reply r = vault.call("GET", "secret/data/x", vault.rootToken(), null);
 * }
 * }</pre>
 */
public final class TestVault implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final VaultServer server;

    private TestVault(VaultServer server) {
        this.server = server;
    }

    /** A dev server: initialized, unsealed, KV v2 at secret/. */
    public static TestVault dev() {
        return new TestVault(VaultServer.builder().dev().listen("127.0.0.1", 0).start());
    }

    /** A server built by the caller's builder, listening on a free port. */
    public static TestVault of(VaultServer.Builder builder) {
        return new TestVault(builder.listen("127.0.0.1", 0).start());
    }

    public VaultServer server() {
        return server;
    }

    public String address() {
        return server.address();
    }

    public String rootToken() {
        return server.rootToken();
    }

    /** A raw answer: status, content type and body (parsed when JSON). */
    public record Reply(int status, String contentType, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }
    }

    /** Calls {@code /v1/<path>} with an optional token and JSON body (a String or an object). */
    public Reply call(String method, String path, String token, Object body) {
        return call(method, path, token, body, "application/json");
    }

    public Reply call(String method, String path, String token, Object body, String contentType) {
        Map<String, String> headers = new HashMap<>();
        if (token != null) {
            headers.put("X-Vault-Token", token);
        }
        if (body != null && contentType != null) {
            headers.put("Content-Type", contentType);
        }
        return send(method, path, body, headers);
    }

    /** Same as {@link #call} with one header (namespace, Authorization...) instead of a token. */
    public Reply callWithHeader(String method, String path, String header, String value, Object body) {
        return callWithHeaders(method, path, body, Map.of(header, value));
    }

    /** A call with any headers (token, namespace, wrap TTL...); a JSON body gets its content type. */
    public Reply callWithHeaders(String method, String path, Object body, Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        if (body != null) {
            all.putIfAbsent("Content-Type", "application/json");
        }
        return send(method, path, body, all);
    }

    private Reply send(String method, String path, Object body, Map<String, String> headers) {
        try {
            String payload = body == null ? "" : body instanceof String s ? s : JSON.writeValueAsString(body);
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(address() + "/v1/" + path))
                    .timeout(Duration.ofSeconds(30))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(payload));
            headers.forEach(b::header);
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
