package org.flowvault.sdk.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.flowvault.sdk.FlowvaultException;
import org.flowvault.sdk.ServerException;
import org.flowvault.sdk.UnreachableException;

/**
 * The HTTP calls under the SDK: JSON in and out, the bearer token, and every error answer turned
 * into the {@link FlowvaultException} of its status with the server's reason and message.
 * Thread-safe.
 */
final class Transport {
    private final URI base;
    private final String token;
    private final HttpClient http;
    private final Duration timeout;

    Transport(URI address, String token, Duration connectTimeout, Duration timeout) {
        String a = address.toString();
        this.base = URI.create((a.endsWith("/") ? a : a + "/") + "api/v1/");
        this.token = token;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
    }

    JsonNode get(ApiPath path) {
        return send("GET", path, null, timeout);
    }

    /** A GET that may legitimately take {@code extra} longer than the client timeout (a long poll). */
    JsonNode get(ApiPath path, Duration extra) {
        return send("GET", path, null, timeout.plus(extra));
    }

    JsonNode post(ApiPath path, Object body) {
        return send("POST", path, body, timeout);
    }

    JsonNode put(ApiPath path, Object body) {
        return send("PUT", path, body, timeout);
    }

    JsonNode patch(ApiPath path, Object body) {
        return send("PATCH", path, body, timeout);
    }

    JsonNode delete(ApiPath path) {
        return send("DELETE", path, null, timeout);
    }

    /**
     * A GET answered with JSON lines ({@code application/x-ndjson}): each line parsed and handed to
     * {@code line} as it arrives, so an export of any size streams.
     */
    void getLines(ApiPath path, java.util.function.Consumer<JsonNode> line) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path.toString())).timeout(timeout)
                .header("Accept", "application/x-ndjson").GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<java.util.stream.Stream<String>> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofLines());
        } catch (IOException e) {
            throw new UnreachableException("cannot reach Flowvault at " + base.resolve("/") + ": " + e.getClass().getSimpleName()
                    + " (GET " + where(path) + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnreachableException("interrupted while calling Flowvault (GET " + where(path) + ")", e);
        }
        try (java.util.stream.Stream<String> lines = r.body()) {
            if (r.statusCode() >= 300) {
                JsonNode json = parse(String.join("\n", lines.toList()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                JsonNode err = json == null ? ResponseJson.MAPPER.missingNode() : json.path("error");
                throw FlowvaultException.of(r.statusCode(), err.path("reason").asText("HTTP_" + r.statusCode()),
                        err.path("message").asText("HTTP " + r.statusCode() + " from GET " + where(path)));
            }
            lines.filter(l -> !l.isBlank()).forEach(l -> {
                JsonNode n = parse(l.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                if (n == null) {
                    throw new ServerException(r.statusCode(), "NOT_JSON", "a line of the answer to GET " + where(path) + " is not JSON");
                }
                line.accept(n);
            });
        }
    }

    private JsonNode send(String method, ApiPath path, Object body, Duration callTimeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path.toString()))
                .timeout(callTimeout)
                .header("Accept", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            if (body != null) {
                b.header("Content-Type", "application/json");
                b.method(method, HttpRequest.BodyPublishers.ofByteArray(ResponseJson.MAPPER.writeValueAsBytes(body)));
            } else {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the request to " + method + " " + where(path) + " cannot be written as JSON", e);
        }
        HttpResponse<byte[]> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new UnreachableException("no answer from Flowvault at " + base.resolve("/") + " within "
                    + callTimeout.toSeconds() + " s (" + method + " " + where(path) + ")", e);
        } catch (IOException e) {
            throw new UnreachableException("cannot reach Flowvault at " + base.resolve("/") + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()) + " — is the server running (./flowvault dev)?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnreachableException("interrupted while calling Flowvault (" + method + " " + where(path) + ")", e);
        }
        JsonNode json = r.body().length == 0 ? null : parse(r.body());
        if (r.statusCode() >= 300) {
            JsonNode err = json == null ? ResponseJson.MAPPER.missingNode() : json.path("error");
            throw FlowvaultException.of(r.statusCode(), err.path("reason").asText("HTTP_" + r.statusCode()),
                    err.path("message").asText("HTTP " + r.statusCode() + " from " + method + " " + where(path)));
        }
        if (json == null && r.body().length > 0) {
            throw new ServerException(r.statusCode(), "NOT_JSON", "the answer to " + method + " " + where(path) + " is not JSON");
        }
        return json == null ? ResponseJson.MAPPER.createObjectNode() : json;
    }

    /** The path without its query: the query may name a user id, and a message needs only the route. */
    private static String where(ApiPath path) {
        String p = path.toString();
        int q = p.indexOf('?');
        return "/api/v1/" + (q < 0 ? p : p.substring(0, q));
    }

    private static JsonNode parse(byte[] body) {
        try {
            return ResponseJson.MAPPER.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    URI address() {
        return base.resolve("/");
    }
}
