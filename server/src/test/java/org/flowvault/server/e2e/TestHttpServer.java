package org.flowvault.server.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on a free loopback port (the JDK's), a peer for the HTTP task:
 * <ul>
 *   <li>every request is recorded ({@link Seen}: port, path, basic user/password, bearer token);</li>
 *   <li>{@code /hold/...} blocks until {@link #release()} (the first {@code holds} requests only),
 *       counting {@link #entered()} — for timeouts and killed nodes;</li>
 *   <li>any other path answers 401 unless the request carries the expected basic credentials or
 *       bearer token, then 200 with a JSON echo of what it received (the Authorization header,
 *       user, password — also base64- and URL-encoded —, token): a peer that prints the password.</li>
 * </ul>
 */
final class TestHttpServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the server saw of one request. */
    record Seen(int port, String path, String user, String password, String bearer) {
        @Override
        public String toString() {
            return "Seen[" + port + " " + path + " " + user + "]";
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch entered = new CountDownLatch(1);
    private final AtomicInteger holds;
    private final String user;
    private final String password;
    private final String bearer;

    private TestHttpServer(String user, String password, String bearer, int holds) {
        this.user = user;
        this.password = password;
        this.bearer = bearer;
        this.holds = new AtomicInteger(holds);
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Requires basic authentication with {@code user}/{@code password}. */
    static TestHttpServer basic(String user, String password) {
        return new TestHttpServer(user, password, null, Integer.MAX_VALUE);
    }

    /** Requires {@code Authorization: Bearer token}. */
    static TestHttpServer bearer(String token) {
        return new TestHttpServer(null, null, token, Integer.MAX_VALUE);
    }

    /** Basic authentication; only the first {@code holds} requests to {@code /hold/...} block. */
    static TestHttpServer basicHoldingFirst(String user, String password, int holds) {
        return new TestHttpServer(user, password, null, holds);
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    List<Seen> seen() {
        return List.copyOf(seen);
    }

    /** Counted down when the first held request arrives. */
    CountDownLatch entered() {
        return entered;
    }

    void release() {
        release.countDown();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            ex.getRequestBody().readAllBytes();
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            String u = null;
            String p = null;
            String b = null;
            if (auth != null && auth.startsWith("Basic ")) {
                String decoded = new String(Base64.getDecoder().decode(auth.substring(6)), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                u = colon < 0 ? decoded : decoded.substring(0, colon);
                p = colon < 0 ? null : decoded.substring(colon + 1);
            } else if (auth != null && auth.startsWith("Bearer ")) {
                b = auth.substring(7);
            }
            String path = ex.getRequestURI().getPath();
            seen.add(new Seen(port(), path, u, p, b));
            if (path.startsWith("/hold") && holds.getAndDecrement() > 0) {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            boolean ok = bearer != null ? bearer.equals(b) : user.equals(u) && password.equals(p);
            if (!ok) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"e2e\"");
                send(ex, 401, Map.of("error", "unauthorized"));
                return;
            }
            Map<String, Object> echo = new LinkedHashMap<>();
            echo.put("path", path);
            echo.put("authorization", auth);
            echo.put("user", u);
            echo.put("password", p);
            if (p != null) {
                echo.put("password_b64", Base64.getEncoder().encodeToString(p.getBytes(StandardCharsets.UTF_8)));
                echo.put("password_url", java.net.URLEncoder.encode(p, StandardCharsets.UTF_8));
            }
            echo.put("token", b);
            send(ex, 200, echo);
        }
    }

    private static void send(HttpExchange ex, int status, Map<String, ?> body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
