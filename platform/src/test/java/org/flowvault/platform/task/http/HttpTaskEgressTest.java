package org.flowvault.platform.task.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import org.flowvault.platform.masking.Masker;
import org.flowvault.platform.task.Egress;
import org.flowvault.platform.task.TaskContext;
import org.flowvault.platform.task.TaskException;
import org.flowvault.platform.task.TaskResult;
import org.flowvault.platform.task.TestNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP task as a hostile flow author aims it at the server it runs in: its own ports under
 * every spelling of "this machine", the cloud metadata service, and redirects from an allowed
 * peer to places the operator did not allow. The peers are real servers; the one that must never
 * be reached listens on every interface, so that any spelling that got through would arrive.
 */
class HttpTaskEgressTest {
    private final HttpTask task = new HttpTask();
    private Peer peer;
    private Peer other;

    /** A real HTTP server recording what arrives: /echo answers the method and body, /redirect?status=&to= redirects, /loop loops. */
    static final class Peer implements AutoCloseable {
        record Received(String method, String path, Map<String, List<String>> headers, String body) {
            String header(String name) {
                return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                        .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
            }
        }

        final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
        final HttpServer server;

        Peer(InetSocketAddress bind) throws IOException {
            server = HttpServer.create(bind, 0);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", this::handle);
            server.start();
        }

        private void handle(HttpExchange ex) throws IOException {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(ex.getRequestMethod(), ex.getRequestURI().getPath(), Map.copyOf(ex.getRequestHeaders()), body));
            String path = ex.getRequestURI().getPath();
            Map<String, String> query = new LinkedHashMap<>();
            if (ex.getRequestURI().getRawQuery() != null) {
                for (String pair : ex.getRequestURI().getRawQuery().split("&")) {
                    String[] kv = pair.split("=", 2);
                    query.put(kv[0], kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
                }
            }
            if (path.equals("/redirect")) {
                ex.getResponseHeaders().add("Location", query.get("to"));
                ex.sendResponseHeaders(Integer.parseInt(query.getOrDefault("status", "302")), -1);
            } else if (path.equals("/loop")) {
                ex.getResponseHeaders().add("Location", "/loop");
                ex.sendResponseHeaders(302, -1);
            } else {
                byte[] out = (ex.getRequestMethod() + " " + body).getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, out.length);
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(out);
                }
            }
            ex.close();
        }

        int port() {
            return server.getAddress().getPort();
        }

        String url(String path) {
            return "http://127.0.0.1:" + port() + path;
        }

        /** {@code /redirect} answering {@code status} with {@code Location: to}. */
        String redirect(int status, String to) {
            return url("/redirect?status=" + status + "&to=" + URLEncoder.encode(to, StandardCharsets.UTF_8));
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @BeforeEach
    void start() throws IOException {
        peer = new Peer(new InetSocketAddress(0));   // every interface, IPv4 and IPv6
        other = new Peer(new InetSocketAddress("127.0.0.1", 0));
    }

    @AfterEach
    void stop() {
        peer.close();
        other.close();
    }

    private static Map<String, Object> inputs(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private TaskResult run(Egress egress, Map<String, Object> inputs) {
        return task.execute(inputs, TaskContext.builder(new Masker()).egress(egress).build());
    }

    private TaskException refused(Egress egress, Map<String, Object> inputs) {
        TaskException e = catchThrowableOfType(TaskException.class, () -> run(egress, inputs));
        assertThat(e).as("refused: %s", inputs).isNotNull();
        assertThat(e.kind()).as(e.getMessage()).isEqualTo(TaskException.Kind.INPUT);
        return e;
    }

    @Test
    void theServerItselfIsUnreachableByDefaultUnderEverySpelling() throws Exception {
        int port = peer.port();
        for (String host : List.of("127.0.0.1", "localhost", "LocalHost.", "[::1]", "0.0.0.0", "[::]", "127.1", "2130706433",
                "0177.0.0.1", "0x7f.1", "[::ffff:127.0.0.1]", "[::127.0.0.1]", "[0:0:0:0:0:ffff:7f00:1]", TestNames.ownHost())) {
            TaskException e = refused(Egress.publicHosts(), inputs("url", "http://svc:userinfo-secret@" + host + ":" + port
                    + "/api/v1/private?token=query-secret", "timeout_seconds", 2));
            assertThat(e.getMessage()).as(host).doesNotContain("userinfo-secret", "query-secret", "/api/v1", "private");
        }
        assertThat(peer.received).as("nothing reached the server").isEmpty();
    }

    @Test
    void theRefusalNamesTheDestinationAndHowTheOperatorAllowsIt() {
        int port = peer.port();
        assertThat(refused(Egress.publicHosts(), inputs("url", "http://127.0.0.1:" + port + "/x?api_key=k-123")).getMessage())
                .isEqualTo("HTTP may not connect to 127.0.0.1:" + port + ": it is a loopback address (this server), which tasks "
                        + "reach only when the operator lists that address or network in task_egress");
        assertThat(refused(Egress.publicHosts(), inputs("url", "http://localhost:" + port + "/")).getMessage())
                .startsWith("HTTP may not connect to localhost:" + port + ": it resolves to a loopback address (this server)");
    }

    @Test
    void cloudMetadataIsRefusedBeforeAnythingConnects() {
        assertThat(refused(Egress.publicHosts(), inputs("url", "http://169.254.169.254/latest/meta-data/iam/security-credentials/"))
                .getMessage()).isEqualTo("HTTP may not connect to 169.254.169.254:80: it is a link-local address, where cloud "
                + "metadata services answer, which tasks reach only when the operator lists that address or network in task_egress");
        assertThat(refused(Egress.publicHosts(), inputs("url", "http://[fd00:ec2::254]/latest/meta-data/")).getMessage())
                .startsWith("HTTP may not connect to [fd00:ec2::254]:80: it is a cloud metadata address");
        assertThat(refused(Egress.publicHosts(), inputs("url", "https://100.100.100.200/latest/meta-data/")).getMessage())
                .contains("100.100.100.200:443");
    }

    @Test
    void anAllowedPeerIsReachedAndOnlyOnItsListedPort() {
        Egress onlyPeer = Egress.of(List.of("127.0.0.1:" + peer.port()));
        assertThat(run(onlyPeer, inputs("url", peer.url("/echo"))).outputs()).containsEntry("status", 200).containsEntry("body", "GET ");
        assertThat(refused(onlyPeer, inputs("url", other.url("/echo"))).getMessage())
                .contains("127.0.0.1:" + other.port()).contains("not on the operator's egress allow-list");
        assertThat(other.received).isEmpty();
    }

    @Test
    void aRedirectToAPlaceTheOperatorDidNotAllowIsRefusedAtTheHop() {
        Egress onlyPeer = Egress.of(List.of("127.0.0.1:" + peer.port()));
        for (String to : List.of(other.url("/steal?token=hop-secret"), "http://169.254.169.254/latest/meta-data/",
                "http://localhost:" + peer.port() + "/echo", "http://[::1]:" + peer.port() + "/echo", "http://2130706433:" + other.port() + "/")) {
            for (int status : List.of(301, 302, 303, 307, 308)) {
                TaskException e = refused(onlyPeer, inputs("url", peer.redirect(status, to), "method", "POST", "body", "b"));
                assertThat(e.getMessage()).as(to)
                        .startsWith("HTTP: http://127.0.0.1:" + peer.port() + " redirected to a destination the operator does not allow; "
                                + "HTTP may not connect to ")
                        .doesNotContain("steal", "hop-secret", "meta-data", "/echo");
            }
        }
        assertThat(refused(onlyPeer, inputs("url", peer.redirect(302, other.url("/x")))).getMessage())
                .contains("HTTP may not connect to 127.0.0.1:" + other.port() + ": it is not on the operator's egress allow-list");
        assertThat(other.received).as("the forbidden hop was never sent").isEmpty();
        // without following, the redirect itself is the answer and nothing else is contacted
        assertThat(run(onlyPeer, inputs("url", peer.redirect(302, "http://169.254.169.254/"), "follow_redirects", false)).outputs())
                .containsEntry("status", 302);
    }

    @Test
    void redirectsKeepOrDropMethodAndBodyAsBrowsersDo() throws Exception {
        Egress both = Egress.of(List.of("127.0.0.1"));
        Map<Integer, String> expected = Map.of(301, "GET ", 302, "GET ", 303, "GET ", 307, "POST {\"n\":1}", 308, "POST {\"n\":1}");
        for (var e : expected.entrySet()) {
            TaskResult r = run(both, inputs("url", peer.redirect(e.getKey(), other.url("/echo")), "method", "POST", "body", Map.of("n", 1)));
            assertThat(r.outputs()).as("%s", e.getKey()).containsEntry("body", e.getValue());
            peer.received.take();
            Peer.Received hop = other.received.take();
            assertThat(hop.header("Content-Type")).as("%s", e.getKey()).isEqualTo(e.getKey() >= 307 ? "application/json" : null);
        }
        // 301 and 302 change only POST; 303 changes everything into GET
        assertThat(run(both, inputs("url", peer.redirect(301, "/echo"), "method", "PUT", "body", "x")).outputs()).containsEntry("body", "PUT x");
        assertThat(run(both, inputs("url", peer.redirect(303, "/echo"), "method", "DELETE")).outputs()).containsEntry("body", "GET ");
    }

    @Test
    void credentialsAreNeverSentToAnotherOrigin() throws Exception {
        Egress both = Egress.of(List.of("127.0.0.1"));
        run(both, inputs("url", peer.redirect(302, other.url("/echo")), "auth", "bearer", "token", "bearer-secret-1",
                "headers", Map.of("X-Api-Token", "header-secret-2", "Cookie", "sid=cookie-secret-3", "X-Trace", "t-1")));
        assertThat(peer.received.take().header("Authorization")).isEqualTo("Bearer bearer-secret-1");
        Peer.Received hop = other.received.take();
        assertThat(hop.header("Authorization")).isNull();
        assertThat(hop.header("X-Api-Token")).isNull();
        assertThat(hop.header("Cookie")).isNull();
        assertThat(hop.header("X-Trace")).isEqualTo("t-1");

        run(both, inputs("url", "http://svc:url-secret-4@127.0.0.1:" + peer.port() + "/redirect?to="
                + URLEncoder.encode(other.url("/echo"), StandardCharsets.UTF_8)));
        assertThat(peer.received.take().header("Authorization")).startsWith("Basic ");
        assertThat(other.received.take().header("Authorization")).isNull();

        run(both, inputs("url", peer.redirect(308, other.url("/echo")), "auth", "header", "header_name", "X-Key", "header_value", "k-5"));
        assertThat(peer.received.take().header("X-Key")).isEqualTo("k-5");
        assertThat(other.received.take().header("X-Key")).isNull();

        // the same origin keeps them
        run(both, inputs("url", peer.redirect(307, "/echo"), "auth", "bearer", "token", "bearer-secret-1"));
        peer.received.take();
        assertThat(peer.received.take().header("Authorization")).isEqualTo("Bearer bearer-secret-1");
    }

    @Test
    void aRedirectLoopEndsAfterTenHops() {
        Egress onlyPeer = Egress.of(List.of("127.0.0.1:" + peer.port()));
        TaskException e = catchThrowableOfType(TaskException.class, () -> run(onlyPeer, inputs("url", peer.url("/loop"))));
        assertThat(e.kind()).isEqualTo(TaskException.Kind.REMOTE);
        assertThat(e.getMessage()).isEqualTo("HTTP GET to http://127.0.0.1:" + peer.port() + " was redirected more than 10 times; "
                + "call the final URL directly or set follow_redirects: false");
        assertThat(peer.received).hasSize(11);
    }

    @Test
    void theJvmsProxySettingsAreNotUsed() throws Exception {
        ProxySelector before = ProxySelector.getDefault();
        try (Peer proxy = new Peer(new InetSocketAddress("127.0.0.1", 0))) {
            ProxySelector.setDefault(ProxySelector.of(new InetSocketAddress("127.0.0.1", proxy.port())));
            Egress onlyPeer = Egress.of(List.of("127.0.0.1:" + peer.port()));
            assertThat(run(onlyPeer, inputs("url", peer.url("/echo"))).outputs()).containsEntry("body", "GET ");
            assertThat(peer.received).hasSize(1);
            assertThat(proxy.received).isEmpty();
        } finally {
            ProxySelector.setDefault(before);
        }
    }
}
