package org.flowvault.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * A website's login on a free loopback port: {@code POST /login} with a JSON body
 * {@code {user, password, code}} succeeds (200, a session cookie, and a page that prints back what
 * it received, like a careless portal) when the user name and password match and the code is the
 * one {@code expectedCode} gives at that moment; otherwise 401.
 */
final class LoginPortal implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One login attempt as the portal saw it. */
    record Attempt(String user, String password, String code, boolean accepted, String cookie) {
        @Override
        public String toString() {
            return "Attempt[" + accepted + "]";
        }
    }

    private final HttpServer server;
    private final String user;
    private final String password;
    private final Supplier<String> expectedCode;
    private final List<Attempt> attempts = new CopyOnWriteArrayList<>();

    LoginPortal(String user, String password, Supplier<String> expectedCode) {
        this.user = user;
        this.password = password;
        this.expectedCode = expectedCode;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/login", this::login);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    List<Attempt> attempts() {
        return List.copyOf(attempts);
    }

    private void login(HttpExchange ex) throws IOException {
        try (ex) {
            JsonNode body = JSON.readTree(ex.getRequestBody().readAllBytes());
            String u = body.path("user").asText(null);
            String p = body.path("password").asText(null);
            String c = body.path("code").asText(null);
            boolean ok = user.equals(u) && password.equals(p) && expectedCode.get().equals(c);
            String cookie = ex.getRequestHeaders().getFirst("Cookie");
            attempts.add(new Attempt(u, p, c, ok, cookie));
            byte[] answer;
            if (ok) {
                ex.getResponseHeaders().add("Set-Cookie", "portal_session=s-" + u.hashCode() + "; Path=/");
                Map<String, Object> page = new java.util.LinkedHashMap<>(Map.of("welcome", u, "you_sent_password", p, "you_sent_code", c));
                if (cookie != null) {
                    page.put("you_sent_cookie", cookie); // a session cookie a run loaded from its entry's jar: shown masked or not at all
                }
                answer = JSON.writeValueAsBytes(page);
            } else {
                answer = "{\"error\":\"wrong login\"}".getBytes(StandardCharsets.UTF_8);
            }
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(ok ? 200 : 401, answer.length);
            ex.getResponseBody().write(answer);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
