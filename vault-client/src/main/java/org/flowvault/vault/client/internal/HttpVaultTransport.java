package org.flowvault.vault.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.IntFunction;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import org.flowvault.vault.client.VaultException;

/**
 * {@link VaultTransport} on a lean HTTP/1.1 client of its own ({@link ConnectionPool},
 * {@link Http1Connection}): blocking sockets on the caller's thread, kept-alive connections reused
 * LIFO, each request encoded once into one buffer, the answer parsed by Jackson straight from the
 * connection's buffer. JSON bodies as bytes both ways, the status mapped to the
 * {@link VaultException} tree, and the client's retry policy applied.
 *
 * <p>Why not {@code java.net.http.HttpClient} (DESIGN §2): for Vault's small answers its
 * asynchronous pipeline (a selector thread, a hand-off to the caller and a chain of completion
 * stages per request) cost 45-190 µs of client CPU per KV read on the benchmark machine; this
 * transport costs a write and one or two reads per call, 12-22 µs, within a few µs of a bare
 * socket loop ({@code bench/run-client-bench.sh}).
 *
 * <p>LIST is sent as {@code GET ?list=true}, which Vault treats the same and which proxies never
 * reject. Redirects (a standby's 307 to the active node) are followed up to five times, never from
 * https to http. A kept-alive connection the server closed while it idled is detected before use
 * (after two seconds of idling) and, for a request that is safe to repeat, once more after a failed
 * first byte: that retry does not count against the retry policy. Thread-safe. Not public API.
 */
public final class HttpVaultTransport implements VaultTransport, AutoCloseable {
    private static final Map<String, String> NO_HEADERS = Map.of();
    /** Idle connections kept per server: more concurrent callers than this open and close their own. */
    private static final int MAX_IDLE = 64;
    private static final int MAX_REDIRECTS = 5;

    private final Endpoint endpoint;
    private final byte[] fixedHeaders;
    private final ConnectionPool pool;
    private final SSLSocketFactory tls;
    private final int connectTimeoutMillis;
    /** Pools for the servers redirects lead to (a cluster's active node), made on first use. */
    private final ConcurrentMap<String, ConnectionPool> redirectPools = new ConcurrentHashMap<>();
    private final String namespace;
    private final Duration readTimeout;
    private final long readTimeoutMillis;
    private final int maxAttempts;
    private final IntFunction<Duration> delayAfter;
    private volatile boolean closed;

    /** A parsed answer: the status and its JSON body (null when empty or not JSON). */
    private record Answer(int status, JsonNode body, boolean invalidJson) {
    }

    /**
     * @param address   the server's base address, without a trailing slash
     * @param namespace the namespace sent when a call names none; null for the root namespace
     * @param ssl         the TLS context for https; null for the JDK's default
     * @param maxAttempts how often an idempotent call is tried in all (1 for no retry)
     * @param delayAfter  the pause after the given failed attempt (1-based)
     */
    public HttpVaultTransport(URI address, String namespace, SSLContext ssl, Duration connectTimeout, Duration readTimeout,
            int maxAttempts, IntFunction<Duration> delayAfter) {
        this.endpoint = Endpoint.of(address);
        this.fixedHeaders = Http1Request.fixedHeaders(endpoint);
        this.connectTimeoutMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
        this.tls = endpoint.tls() || ssl != null ? socketFactory(ssl) : null;
        this.pool = new ConnectionPool(endpoint, endpoint.tls() ? tls : null, connectTimeoutMillis, MAX_IDLE);
        this.namespace = namespace;
        this.readTimeout = readTimeout;
        this.readTimeoutMillis = Math.max(1, readTimeout.toMillis());
        this.maxAttempts = maxAttempts;
        this.delayAfter = delayAfter;
    }

    private static SSLSocketFactory socketFactory(SSLContext ssl) {
        try {
            return (ssl != null ? ssl : SSLContext.getDefault()).getSocketFactory();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no default TLS context", e);
        }
    }

    @Override
    public JsonNode send(String method, String path, Object body, String token, String namespace, Map<String, String> headers) {
        if (closed) {
            throw unavailable(method, path, "the client is closed", null);
        }
        byte[] payload = body == null ? null : body instanceof byte[] raw ? raw : ClientJson.bytes(body);
        Http1Request request = Http1Request.encode(method.equals("LIST") ? "GET" : method, target(method, path), fixedHeaders, token,
                namespace == null ? this.namespace : namespace, headers == null ? NO_HEADERS : headers, payload);
        boolean idempotent = isIdempotent(method);
        int max = maxAttempts;
        for (int attempt = 1; ; attempt++) {
            Answer answer;
            try {
                answer = exchange(request, idempotent);
            } catch (ConnectException e) {
                // Nothing reached the server: safe to repeat any request.
                if (attempt < max && !closed) {
                    pause(attempt, method, path);
                    continue;
                }
                throw unavailable(method, path, "cannot connect to " + endpoint.base() + " (" + describe(e) + ")", e);
            } catch (SocketTimeoutException e) {
                if (idempotent && attempt < max) {
                    pause(attempt, method, path);
                    continue;
                }
                throw unavailable(method, path, "no answer within the read timeout of " + readTimeout.toMillis() + " ms", e);
            } catch (SSLException e) {
                // A TLS failure repeats itself: an untrusted certificate is not transient.
                throw unavailable(method, path, "TLS failed: " + e.getMessage(), e);
            } catch (IOException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw unavailable(method, path, "interrupted while waiting for the answer", e);
                }
                if (idempotent && attempt < max && !closed) {
                    pause(attempt, method, path);
                    continue;
                }
                throw unavailable(method, path, "connection failed: " + describe(e), e);
            }
            int status = answer.status();
            if (status >= 200 && status < 300) {
                if (answer.invalidJson()) {
                    // Not Jackson's message: it quotes the input, which may hold a secret.
                    throw new VaultException.Unavailable(method + " " + path + ": the answer (" + status + ") is not valid JSON",
                            status, path, List.of(), null);
                }
                return answer.body();
            }
            JsonNode errorBody = answer.body();
            List<String> errors = ClientJson.strings(errorBody == null ? null : errorBody.get("errors"));
            if (idempotent && attempt < max && retryable(status, errors)) {
                pause(attempt, method, path);
                continue;
            }
            throw error(method, path, status, errors, errorBody);
        }
    }

    /** "/v1/" + the percent-encoded path + the query (plus list=true for LIST). */
    private String target(String method, String path) {
        String p = path;
        String query = null;
        int q = path.indexOf('?');
        if (q >= 0) {
            p = path.substring(0, q);
            query = path.substring(q + 1);
            for (int i = 0; i < query.length(); i++) {
                if (!Http1Request.targetChar(query.charAt(i))) {
                    throw new IllegalArgumentException("invalid API path \"" + path + "\": the query holds a character that must be percent-encoded");
                }
            }
        }
        if (method.equals("LIST")) {
            query = query == null ? "list=true" : query + "&list=true";
        }
        String encoded = ApiPaths.encode(p);
        String prefix = endpoint.prefix();
        StringBuilder sb = new StringBuilder(prefix.length() + encoded.length() + (query == null ? 0 : query.length() + 1));
        sb.append(prefix).append(encoded);
        if (query != null) {
            sb.append('?').append(query);
        }
        return sb.toString();
    }

    /**
     * Sends the request, following redirects, and parses the answer while the connection is held
     * (the body is a slice of the connection's buffer).
     */
    private Answer exchange(Http1Request request, boolean idempotent) throws IOException {
        ConnectionPool target = pool;
        Http1Request current = request;
        for (int hop = 0; ; hop++) {
            Http1Response r = new Http1Response();
            Http1Connection c = target.lease();
            boolean reused = c.reused();
            try {
                c.exchange(current.bytes, current.length, current.head(), readTimeoutMillis, r);
            } catch (SocketTimeoutException e) {
                c.close();
                throw e;
            } catch (IOException e) {
                c.close();
                // A kept-alive connection the server closed while it idled fails before any byte
                // of an answer: the server never saw the request, so one fresh try is safe.
                if (!reused || c.received() || !idempotent || closed) {
                    throw e;
                }
                c = target.connect();
                try {
                    c.exchange(current.bytes, current.length, current.head(), readTimeoutMillis, r);
                } catch (IOException again) {
                    c.close();
                    throw again;
                }
            }
            int status = r.status;
            JsonNode body = null;
            boolean invalid = false;
            if (r.bodyLength > 0) {
                try {
                    body = ClientJson.parse(r.body, r.bodyOffset, r.bodyLength);
                } catch (IOException e) {
                    invalid = true;
                }
            }
            String location = r.location;
            if (r.keepAlive) {
                target.release(c);
            } else {
                c.close();
            }
            if (location == null || hop >= MAX_REDIRECTS || !isRedirect(status)) {
                return new Answer(status, body, invalid);
            }
            URI next = redirectTarget(target.endpoint(), current.target, location);
            if (next == null) {
                return new Answer(status, body, invalid);
            }
            Endpoint e = Endpoint.of(next);
            target = e.key().equals(endpoint.key()) ? pool : redirectPool(e);
            // As java.net.http does: 303, and 301/302 after a POST, turn into a GET without body.
            boolean toGet = status == 303 || ((status == 301 || status == 302) && current.method.equals("POST"));
            String method = toGet ? "GET" : current.method;
            String rawTarget = next.getRawPath() + (next.getRawQuery() == null ? "" : "?" + next.getRawQuery());
            current = current.redirect(method, rawTarget, Http1Request.fixedHeaders(e), !toGet);
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /** The absolute redirect target, or null when it may not be followed (https to http, not http at all). */
    private static URI redirectTarget(Endpoint from, String fromTarget, String location) {
        URI next;
        try {
            next = URI.create(from.base() + fromTarget).resolve(location.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
        String scheme = next.getScheme();
        if (scheme == null || next.getHost() == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            return null;
        }
        if (from.tls() && scheme.equalsIgnoreCase("http")) {
            return null;
        }
        if (next.getRawPath() == null || next.getRawPath().isEmpty()) {
            next = next.resolve("/");
        }
        return next;
    }

    private ConnectionPool redirectPool(Endpoint e) {
        ConnectionPool p = redirectPools.computeIfAbsent(e.key(), k -> new ConnectionPool(e, e.tls() ? tlsFactory() : null, connectTimeoutMillis, MAX_IDLE));
        if (closed) {
            p.close();
        }
        return p;
    }

    private SSLSocketFactory tlsFactory() {
        return tls != null ? tls : socketFactory(null);
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
        Duration d = delayAfter.apply(attempt);
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

    /** Closes the connection pools; calls after this fail with {@link VaultException.Unavailable}. */
    @Override
    public void close() {
        closed = true;
        pool.close();
        for (ConnectionPool p : redirectPools.values()) {
            p.close();
        }
    }
}
