package org.flowvault.vault.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLContext;
import org.flowvault.vault.client.RetryPolicy;
import org.flowvault.vault.client.VaultException;

/**
 * {@link VaultTransport} on the JDK's {@link HttpClient}: one shared client (its HTTP/1.1
 * connection pool and TLS sessions are reused by every call), JSON bodies as bytes both ways, the
 * status mapped to the {@link VaultException} tree, and the {@link RetryPolicy} applied.
 *
 * <p>The hot path allocates only what a request needs: the URI, the request and its headers, the
 * body bytes and the parsed answer. LIST is sent as {@code GET ?list=true}, which Vault treats the
 * same and which proxies never reject. Thread-safe. Not public API.
 */
public final class HttpVaultTransport implements VaultTransport, AutoCloseable {
    private static final HttpResponse.BodyHandler<byte[]> BYTES = HttpResponse.BodyHandlers.ofByteArray();
    private static final Map<String, String> NO_HEADERS = Map.of();

    private final HttpClient http;
    private final String base;
    private final String namespace;
    private final Duration readTimeout;
    private final RetryPolicy retry;

    /**
     * @param address   the server's base address, without a trailing slash
     * @param namespace the namespace sent when a call names none; null for the root namespace
     * @param ssl       the TLS context for https; null for the JDK's default
     */
    public HttpVaultTransport(URI address, String namespace, SSLContext ssl, Duration connectTimeout, Duration readTimeout, RetryPolicy retry) {
        HttpClient.Builder b = HttpClient.newBuilder()
                // Vault speaks HTTP/2 only over TLS, and the JDK's HTTP/2 shares one connection per
                // host; a pool of HTTP/1.1 connections gives concurrent callers more throughput.
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                // Standbys redirect to the active node with 307; NORMAL follows it but never https -> http.
                .followRedirects(HttpClient.Redirect.NORMAL)
                // Run the client's internal completion stages on the thread that completes them
                // (the selector) instead of handing each to a pool thread: callers block in send()
                // and our body handler only collects bytes, so nothing blocks there. Measured on the
                // embedded server: about a third of the CPU per call, and more throughput at 8-32
                // concurrent callers, than the default executor.
                .executor(Runnable::run);
        if (ssl != null) {
            b.sslContext(ssl);
        }
        this.http = b.build();
        String a = address.toString();
        this.base = (a.endsWith("/") ? a : a + "/") + "v1/";
        this.namespace = namespace;
        this.readTimeout = readTimeout;
        this.retry = retry;
    }

    @Override
    public JsonNode send(String method, String path, Object body, String token, String namespace, Map<String, String> headers) {
        byte[] payload = body == null ? null : body instanceof byte[] raw ? raw : Json.bytes(body);
        HttpRequest request = request(method, path, payload, token, namespace == null ? this.namespace : namespace,
                headers == null ? NO_HEADERS : headers);
        boolean idempotent = isIdempotent(method);
        int max = retry.maxAttempts();
        for (int attempt = 1; ; attempt++) {
            HttpResponse<byte[]> response;
            try {
                response = http.send(request, BYTES);
            } catch (HttpConnectTimeoutException | ConnectException | UnresolvedAddressException e) {
                // Nothing reached the server: safe to repeat any request.
                if (attempt < max) {
                    pause(attempt, method, path);
                    continue;
                }
                throw unavailable(method, path, "cannot connect to " + http(), e);
            } catch (HttpTimeoutException e) {
                if (idempotent && attempt < max) {
                    pause(attempt, method, path);
                    continue;
                }
                throw unavailable(method, path, "no answer within the read timeout of " + readTimeout.toMillis() + " ms", e);
            } catch (SSLException e) {
                // A TLS failure repeats itself: an untrusted certificate is not transient.
                throw unavailable(method, path, "TLS failed: " + e.getMessage(), e);
            } catch (IOException e) {
                if (idempotent && attempt < max) {
                    pause(attempt, method, path);
                    continue;
                }
                throw unavailable(method, path, "connection failed: " + describe(e), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw unavailable(method, path, "interrupted while waiting for the answer", e);
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return parse(method, path, status, response.body());
            }
            JsonNode errorBody = parseQuietly(response.body());
            List<String> errors = Json.strings(errorBody == null ? null : errorBody.get("errors"));
            if (idempotent && attempt < max && retryable(status, errors)) {
                pause(attempt, method, path);
                continue;
            }
            throw error(method, path, status, errors, errorBody);
        }
    }

    private HttpRequest request(String method, String path, byte[] payload, String token, String namespace, Map<String, String> headers) {
        String wireMethod = method;
        String p = path;
        String query = null;
        int q = path.indexOf('?');
        if (q >= 0) {
            p = path.substring(0, q);
            query = path.substring(q + 1);
        }
        if (method.equals("LIST")) {
            wireMethod = "GET";
            query = query == null ? "list=true" : query + "&list=true";
        }
        String uri = base + ApiPaths.encode(p);
        if (query != null) {
            uri = uri + '?' + query;
        }
        HttpRequest.Builder b;
        try {
            b = HttpRequest.newBuilder(URI.create(uri));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid API path \"" + path + "\": " + e.getMessage());
        }
        b.timeout(readTimeout)
                .method(wireMethod, payload == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(payload))
                // Vault Agent and proxies refuse requests without it (SSRF protection); the CLI always sends it.
                .header("X-Vault-Request", "true");
        if (token != null) {
            b.header("X-Vault-Token", token);
        }
        if (namespace != null && !namespace.isEmpty()) {
            b.header("X-Vault-Namespace", namespace);
        }
        boolean contentType = false;
        if (!headers.isEmpty()) {
            for (Map.Entry<String, String> h : headers.entrySet()) {
                b.header(h.getKey(), h.getValue());
                contentType |= h.getKey().equalsIgnoreCase("Content-Type");
            }
        }
        if (payload != null && !contentType) {
            b.header("Content-Type", "application/json");
        }
        return b.build();
    }

    /** GET, LIST, HEAD and DELETE may be repeated: Vault defines them without side effects beyond the first. */
    static boolean isIdempotent(String method) {
        return switch (method) {
            case "GET", "LIST", "HEAD", "DELETE" -> true;
            default -> false;
        };
    }

    private static boolean retryable(int status, List<String> errors) {
        if (status == 503 && isSealed(errors)) {
            return false;
        }
        return status == 412 || status == 429 || (status >= 500 && status != 501);
    }

    private static boolean isSealed(List<String> errors) {
        for (String e : errors) {
            if (e.contains("Vault is sealed")) {
                return true;
            }
        }
        return false;
    }

    private void pause(int attempt, String method, String path) {
        Duration d = retry.delayAfter(attempt);
        if (d.isZero()) {
            return;
        }
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(method, path, "interrupted while waiting to retry", e);
        }
    }

    private static JsonNode parse(String method, String path, int status, byte[] bytes) {
        try {
            return Json.parse(bytes);
        } catch (IOException e) {
            // Not Jackson's message: it quotes the input, which may hold a secret.
            throw new VaultException.Unavailable(method + " " + path + ": the answer (" + status + ") is not valid JSON",
                    status, path, List.of(), null);
        }
    }

    private static JsonNode parseQuietly(byte[] bytes) {
        try {
            return Json.parse(bytes);
        } catch (IOException e) {
            return null;
        }
    }

    /** Maps an error status to the exception tree; the message names method, path, status and Vault's errors. */
    static VaultException error(String method, String path, int status, List<String> errors, JsonNode body) {
        String message = method + " " + path + " answered " + status + (errors.isEmpty() ? "" : ": " + String.join("; ", errors));
        if (status == 403) {
            return new VaultException.PermissionDenied(message, status, path, errors);
        }
        if (status == 404) {
            if (body != null && body.isObject() && (body.size() > 1 || !body.has("errors"))) {
                return new NotFoundWithBody(message, status, path, errors, body);
            }
            return new VaultException.NotFound(message, status, path, errors);
        }
        if (status == 503 && isSealed(errors)) {
            return new VaultException.Sealed(message, status, path, errors);
        }
        if (status == 400 && isCasMismatch(errors)) {
            return new VaultException.CasMismatch(message, status, path, errors);
        }
        if (status == 412 || status == 429 || status >= 500) {
            return new VaultException.Unavailable(message, status, path, errors, null);
        }
        return new VaultException.InvalidRequest(message, status, path, errors);
    }

    private static boolean isCasMismatch(List<String> errors) {
        for (String e : errors) {
            if (e.contains("check-and-set parameter")) {
                return true;
            }
        }
        return false;
    }

    private static VaultException.Unavailable unavailable(String method, String path, String why, Throwable cause) {
        return new VaultException.Unavailable(method + " " + path + ": " + why, 0, path, List.of(), cause);
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private String http() {
        return base.substring(0, base.length() - "/v1/".length());
    }

    /** Closes the connection pool; calls after this fail with {@link VaultException.Unavailable}. */
    @Override
    public void close() {
        http.shutdownNow();
    }
}
