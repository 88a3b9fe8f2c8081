package org.flowvault.platform.task.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.CookieManager;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import org.flowvault.platform.masking.Masker;
import org.flowvault.platform.task.Egress;
import org.flowvault.platform.task.TaskContext;
import org.flowvault.platform.task.TaskException;
import org.flowvault.platform.task.TaskResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a real local HTTP server that records what arrived. */
class HttpTaskTest {
    /** The local peer is on loopback, which tasks may not reach unless the operator lists it. */
    private static final Egress PEERS = Egress.of(List.of("127.0.0.1"));
    /** What the server received. */
    record Received(String method, String uri, Map<String, List<String>> headers, String body) {
        String header(String name) {
            List<String> v = headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
            return v == null ? null : v.getFirst();
        }
    }

    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final HttpTask task = new HttpTask();
    private HttpServer server;
    private String base;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/echo", ex -> {
            Received r = record(ex);
            reply(ex, 200, "application/json; charset=utf-8", "{\"method\":\"" + r.method() + "\",\"items\":[1,2],\"ok\":true}");
        });
        server.createContext("/text", ex -> {
            record(ex);
            reply(ex, 201, "text/plain", "created");
        });
        server.createContext("/login", ex -> {
            record(ex);
            ex.getResponseHeaders().add("Set-Cookie", "session=abc123; Path=/");
            reply(ex, 200, "text/plain", "welcome");
        });
        server.createContext("/redirect", ex -> {
            record(ex);
            ex.getResponseHeaders().add("Location", "/text");
            reply(ex, 302, "text/plain", "");
        });
        server.createContext("/slow", ex -> {
            record(ex);
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            reply(ex, 200, "text/plain", "late");
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    private Received record(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Received r = new Received(ex.getRequestMethod(), ex.getRequestURI().toString(), Map.copyOf(ex.getRequestHeaders()), body);
        received.add(r);
        return r;
    }

    private static void reply(HttpExchange ex, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", contentType);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
        ex.close();
    }

    private static Map<String, Object> inputs(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private TaskResult run(Map<String, Object> inputs) {
        return task.execute(inputs, TaskContext.builder(new Masker()).egress(PEERS).build());
    }

    private Received last() throws InterruptedException {
        return received.take();
    }

    @Test
    void sendsMethodHeadersQueryAndJsonBodyAndParsesTheJsonAnswer() throws Exception {
        TaskResult r = run(inputs("url", base + "/echo?a=1", "method", "put", "headers", Map.of("X-Trace", "t-1"),
                "query", new java.util.TreeMap<>(Map.of("q", "a b&c", "tag", List.of("x", "y"))), "body", new java.util.TreeMap<>(Map.of("name", "ada", "n", 3))));
        Received got = last();
        assertThat(got.method()).isEqualTo("PUT");
        assertThat(got.uri()).isEqualTo("/echo?a=1&q=a+b%26c&tag=x&tag=y");
        assertThat(got.header("X-Trace")).isEqualTo("t-1");
        assertThat(got.header("Content-Type")).isEqualTo("application/json");
        assertThat(got.body()).isEqualTo("{\"n\":3,\"name\":\"ada\"}");
        assertThat(r.outputs()).containsEntry("status", 200);
        assertThat(r.outputs().get("json")).isEqualTo(Map.of("method", "PUT", "items", List.of(1, 2), "ok", true));
        assertThat(r.outputs().get("headers")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("content-type", "application/json; charset=utf-8");
    }

    @Test
    void textBodyIsSentAsIsAndTextAnswerHasNoJson() throws Exception {
        TaskResult r = run(inputs("url", base + "/text", "method", "POST", "body", "plain words",
                "headers", Map.of("Content-Type", "text/csv")));
        Received got = last();
        assertThat(got.body()).isEqualTo("plain words");
        assertThat(got.header("Content-Type")).isEqualTo("text/csv");
        assertThat(r.outputs()).containsEntry("status", 201).containsEntry("body", "created").doesNotContainKey("json");
    }

    @Test
    void basicAuthFromTheConnectionInputsArrivesAtTheServer() throws Exception {
        run(inputs("url", base + "/echo", "auth", "basic", "username", "alice", "password", "wonder-land"));
        assertThat(last().header("Authorization"))
                .isEqualTo("Basic " + Base64.getEncoder().encodeToString("alice:wonder-land".getBytes(StandardCharsets.UTF_8)));
        run(inputs("url", "http://bob:pa%40ss@127.0.0.1:" + server.getAddress().getPort() + "/echo"));
        assertThat(last().header("Authorization"))
                .isEqualTo("Basic " + Base64.getEncoder().encodeToString("bob:pa@ss".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void bearerAndHeaderAuthArriveAtTheServer() throws Exception {
        run(inputs("url", base + "/echo", "auth", Map.of("type", "bearer", "token", "tok-0123456789")));
        assertThat(last().header("Authorization")).isEqualTo("Bearer tok-0123456789");
        run(inputs("url", base + "/echo", "auth", "header", "header_name", "X-API-Key", "header_value", "key-987654"));
        Received got = last();
        assertThat(got.header("X-API-Key")).isEqualTo("key-987654");
        assertThat(got.header("Authorization")).isNull();
    }

    @Test
    void cookiesPersistAcrossStepsOfTheSameRunOnly() throws Exception {
        CookieManager jar = new CookieManager();
        Masker masker = new Masker();
        task.execute(inputs("url", base + "/login"), TaskContext.builder(masker).cookies(jar).egress(PEERS).build());
        last();
        task.execute(inputs("url", base + "/echo"), TaskContext.builder(masker).cookies(jar).egress(PEERS).build());
        assertThat(last().header("Cookie")).isEqualTo("session=abc123");
        run(inputs("url", base + "/echo"));
        assertThat(last().header("Cookie")).isNull();
    }

    @Test
    void cookieValuesAreSecretsOfTheRunWhetherSetOnARedirectHopOrSentByTheStep() throws Exception {
        String hop = "hop-" + java.util.UUID.randomUUID();
        String refused = "refused-" + java.util.UUID.randomUUID();
        String sent = "sent-" + java.util.UUID.randomUUID();
        server.createContext("/hop", ex -> {
            record(ex);
            ex.getResponseHeaders().add("Set-Cookie", "hop_session=" + hop + "; Path=/; HttpOnly");
            ex.getResponseHeaders().add("Location", "/foreign");
            reply(ex, 302, "text/plain", "");
        });
        server.createContext("/foreign", ex -> {
            record(ex);
            // a cookie for another site: the jar refuses it, but it still shows in the step's headers output
            ex.getResponseHeaders().add("Set-Cookie", "other=\"" + refused + "\"; Domain=elsewhere.example; Path=/");
            reply(ex, 200, "text/plain", "echo: " + ex.getRequestHeaders().get("Cookie"));
        });
        Masker masker = new Masker();
        java.util.Set<String> declared = new java.util.HashSet<>();
        TaskResult r = task.execute(inputs("url", base + "/hop", "headers", Map.of("Cookie", "mine=" + sent)),
                TaskContext.builder(masker).cookies(new CookieManager()).secrets(declared::add).egress(PEERS).build());

        // the step itself still gets the real values: later steps may need them
        assertThat((String) r.outputs().get("body")).contains(hop);
        assertThat(((Map<?, ?>) r.outputs().get("headers")).get("set-cookie").toString()).contains(refused);
        assertThat(declared).containsExactlyInAnyOrder(hop, refused, sent);
        String shown = masker.mask(r.outputs().toString());
        assertThat(shown).doesNotContain(hop).doesNotContain(refused).doesNotContain(sent).contains("hop_session=").contains(Masker.REPLACEMENT);
    }

    @Test
    void answersLargerThanTheLimitFail() {
        assertThat(run(inputs("url", base + "/text", "max_response_bytes", 7)).outputs()).containsEntry("body", "created");
        assertThatThrownBy(() -> run(inputs("url", base + "/text", "max_response_bytes", 6)))
                .isInstanceOf(TaskException.class).hasMessageContaining("larger than 6 bytes; raise max_response_bytes");
    }

    @Test
    void redirectsAreFollowedUnlessDisabled() throws Exception {
        assertThat(run(inputs("url", base + "/redirect")).outputs()).containsEntry("status", 201);
        assertThat(run(inputs("url", base + "/redirect", "follow_redirects", false)).outputs()).containsEntry("status", 302);
    }

    @Test
    void timeoutNamesTheUrlAndTheTimeoutButNoSecret() throws Exception {
        int port = server.getAddress().getPort();
        Masker masker = new Masker();
        assertThatThrownBy(() -> task.execute(inputs("url", "http://carol:userinfo-secret@127.0.0.1:" + port + "/slow?token=query-secret&page=2",
                "timeout_seconds", 1, "auth", "bearer", "token", "bearer-secret-1"), TaskContext.builder(masker).egress(PEERS).build()))
                .isInstanceOf(TaskException.class)
                .satisfies(e -> assertThat(((TaskException) e).kind()).isEqualTo(TaskException.Kind.TIMEOUT))
                .hasMessage("HTTP GET http://****@127.0.0.1:" + port + "/slow?token=****&page=2 timed out after 1s without a response; "
                        + "raise timeout_seconds if the server is slow");
        assertThat(last().header("Authorization")).isEqualTo("Bearer bearer-secret-1");
    }

    @Test
    void connectionFailureIsARemoteErrorWithoutSecrets() {
        assertThatThrownBy(() -> run(inputs("url", "http://127.0.0.1:1/x?api_key=abcdefgh", "timeout_seconds", 2)))
                .isInstanceOf(TaskException.class)
                .hasMessageStartingWith("HTTP GET http://127.0.0.1:1/x?api_key=**** ")
                .hasMessageNotContaining("abcdefgh");
    }

    @Test
    void badInputsAreNamed() {
        assertThatThrownBy(() -> run(inputs())).hasMessage("HTTP input \"url\" is missing: give the URL to call, e.g. https://api.example.com/items");
        assertThatThrownBy(() -> run(inputs("url", "ftp://x/y"))).hasMessageContaining("must be an absolute http:// or https:// URL");
        assertThatThrownBy(() -> run(inputs("url", base, "method", "FETCH"))).hasMessageContaining("input \"method\" must be one of");
        assertThatThrownBy(() -> run(inputs("url", base, "auth", "basic", "username", "u")))
                .hasMessageContaining("of type basic needs \"password\"");
        assertThatThrownBy(() -> run(inputs("url", base, "auth", "digest"))).hasMessageContaining("must be basic, bearer, header or none");
    }
}
