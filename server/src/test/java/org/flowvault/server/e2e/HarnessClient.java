package org.flowvault.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.flowvault.server.ApiHarness;
import org.flowvault.server.ApiServer;

/** Real HTTP calls to one of several API servers (nodes), for tests with more than one node. */
final class HarnessClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ApiServer loginNode;

    HarnessClient(ApiServer loginNode) {
        this.loginNode = loginNode;
    }

    ApiHarness.Session login(String username, String password) {
        JsonNode r = expect(loginNode, 200, "POST", "/api/v1/auth/login", null, Map.of("username", username, "password", password));
        return new ApiHarness.Session(username, password, r.path("token").asText());
    }

    /** Calls {@code node} and requires {@code status}; returns the JSON answer (null when empty). */
    JsonNode expect(ApiServer node, int status, String method, String path, ApiHarness.Session who, Object body) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.address() + path)).timeout(Duration.ofSeconds(60))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            if (who != null) {
                b.header("Authorization", "Bearer " + who.token());
            }
            if (body != null) {
                b.header("Content-Type", "application/json");
            }
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != status) {
                throw new AssertionError("expected " + status + " from " + method + " " + path + ", got " + r.statusCode() + " " + r.body());
            }
            return r.body().isBlank() ? null : JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
