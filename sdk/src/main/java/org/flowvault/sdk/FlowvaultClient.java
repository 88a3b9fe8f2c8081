package org.flowvault.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The untyped client the CLI used before the typed SDK: use {@link Flowvault} instead.
 * A client of the Flowvault REST API ({@code /api/v1}). Requests and answers are JSON trees, so
 * the SDK follows the API as documented by its OpenAPI document ({@code /api/openapi.json})
 * without a model class per resource.
 *
 * <pre>{@code
 * FlowvaultClient api = FlowvaultClient.create(URI.create("http://127.0.0.1:8080"), apiKey);
 * JsonNode inputs = api.post("projects/demo/connections/demo-db/resolve", Map.of());
 * }</pre>
 *
 * <p>Thread-safe. Every failure is a {@link FlowvaultException} with the server's reason and message.
 */
@Deprecated(forRemoval = true)
public final class FlowvaultClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String token;
    private final HttpClient http;
    private final Duration timeout;

    private FlowvaultClient(URI address, String token, Duration timeout) {
        String a = address.toString();
        this.base = URI.create((a.endsWith("/") ? a : a + "/") + "api/v1/");
        this.token = token;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /**
     * A client for the server at {@code address} (e.g. {@code http://127.0.0.1:8080}).
     *
     * @param token an API key or session token; null for unauthenticated calls (login)
     */
    public static FlowvaultClient create(URI address, String token) {
        Objects.requireNonNull(address, "address");
        String scheme = address.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("the Flowvault address must start with http:// or https://, e.g. http://127.0.0.1:8080");
        }
        return new FlowvaultClient(address, token, Duration.ofSeconds(60));
    }

    /** Logs in with a password and returns the session token (use it as {@code token}). */
    public String login(String username, String password) {
        JsonNode r = post("auth/login", Map.of("username", username, "password", password));
        return r.path("token").asText();
    }

    /**
     * A path segment escaped for use in {@link #get(String)} and friends; {@code .} and {@code ..}
     * are escaped too (unescaped, URI resolution removed them: a connection named {@code ..}
     * deleted its project).
     */
    public static String segment(String name) {
        return ApiPath.segment(name);
    }

    public JsonNode get(String path) {
        return send("GET", path, null);
    }

    public JsonNode post(String path, Object body) {
        return send("POST", path, body);
    }

    public JsonNode put(String path, Object body) {
        return send("PUT", path, body);
    }

    public JsonNode patch(String path, Object body) {
        return send("PATCH", path, body);
    }

    public JsonNode delete(String path) {
        return send("DELETE", path, null);
    }

    private JsonNode send(String method, String path, Object body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path.startsWith("/") ? path.substring(1) : path))
                .timeout(timeout)
                .header("Accept", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            if (body != null) {
                b.header("Content-Type", "application/json");
                b.method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            } else {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            JsonNode json = r.body().length == 0 ? JSON.createObjectNode() : parse(r.body());
            if (r.statusCode() >= 300) {
                JsonNode err = json.path("error");
                throw FlowvaultException.of(r.statusCode(), err.path("reason").asText("HTTP_" + r.statusCode()),
                        err.path("message").asText("HTTP " + r.statusCode() + " from " + method + " " + path));
            }
            return json;
        } catch (IOException e) {
            throw new UnreachableException("cannot reach Flowvault at " + base.resolve("/") + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()) + " — is the server running (./flowvault dev)?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnreachableException("interrupted while calling Flowvault", e);
        }
    }

    private static JsonNode parse(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode().put("body", "unreadable answer (not JSON)");
        }
    }

    @Override
    public String toString() {
        return "FlowvaultClient[" + base + "]";
    }
}
