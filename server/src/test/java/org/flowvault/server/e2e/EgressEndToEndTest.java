package org.flowvault.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.task.Egress;
import org.flowvault.server.ApiHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A member's flow aims its tasks at the server it runs in, over the REST API, on a platform built
 * as production builds it (the default egress: any public host). The platform's API port, the
 * embedded Vault's port, the cloud metadata address and a loopback git server are refused under
 * every spelling, before anything connects; the run's error names the destination host and port
 * and nothing else. A second platform lists one local peer explicitly ({@code 127.0.0.1:PORT}, as
 * an operator lists a public service): it is reached, and its redirects to anywhere else are
 * refused at the hop.
 */
class EgressEndToEndTest {
    private static World byDefault;
    private static World withPeer;
    private static HttpServer peer;
    private static HttpServer forbidden;
    private static final AtomicInteger forbiddenHits = new AtomicInteger();
    private static String httpFlow;
    private static String gitFlow;

    @BeforeAll
    static void start() throws IOException {
        forbidden = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        forbidden.createContext("/", ex -> {
            forbiddenHits.incrementAndGet();
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        forbidden.start();
        peer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        peer.createContext("/", ex -> {
            String query = ex.getRequestURI().getRawQuery();
            if (ex.getRequestURI().getPath().equals("/redirect") && query != null && query.startsWith("to=")) {
                ex.getResponseHeaders().add("Location", java.net.URLDecoder.decode(query.substring(3), StandardCharsets.UTF_8));
                ex.sendResponseHeaders(302, -1);
            } else {
                byte[] ok = "peer-ok".getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, ok.length);
                ex.getResponseBody().write(ok);
            }
            ex.close();
        });
        peer.start();
        byDefault = World.open(Database.Dialect.H2, (org.flowvault.platform.task.Egress) null);
        withPeer = World.open(Database.Dialect.H2, Egress.of(List.of("*", "127.0.0.1:" + peer.getAddress().getPort())));
        httpFlow = ApiHarness.random("call");
        gitFlow = ApiHarness.random("clone");
        for (World w : List.of(byDefault, withPeer)) {
            w.applyOk("name: " + httpFlow + "\ninputs: {url: string}\nsteps:\n"
                    + "  - {id: call, task: HTTP, inputs: {url: \"${{ inputs.url }}\", timeout_seconds: 5}}\n");
            w.applyOk("name: " + gitFlow + "\ninputs: {url: string}\nsteps:\n"
                    + "  - {id: clone, task: GIT, inputs: {repository_url: \"${{ inputs.url }}\", timeout_seconds: 5}}\n");
        }
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {byDefault, withPeer}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // keep closing the rest
            }
        }
        peer.stop(0);
        forbidden.stop(0);
    }

    private static JsonNode failed(World w, String flow, String url) {
        JsonNode run = w.run(flow, Map.of("url", url));
        assertThat(run.path("status").asText()).as("%s -> %s", url, run).isEqualTo("failed");
        return run;
    }

    private static int port(String address) {
        return URI.create(address).getPort();
    }

    private static String ownAddress() throws IOException {
        InetAddress own = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(n -> Collections.list(n.getInetAddresses()).stream())
                .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .findFirst().orElseThrow(() -> new AssertionError("this machine has no non-loopback address to test with"));
        String literal = own.getHostAddress().replaceFirst("%.*", "");
        return own instanceof Inet6Address ? "[" + literal + "]" : literal;
    }

    @Test
    void aFlowCannotReachThePlatformOrItsEmbeddedVault() throws Exception {
        int api = port(byDefault.h.api().address());
        int vault = port(byDefault.h.vaultAddress());
        for (int target : List.of(api, vault)) {
            for (String host : List.of("127.0.0.1", "localhost", "[::1]", "0.0.0.0", "[::]", "2130706433", "[::ffff:127.0.0.1]", ownAddress())) {
                String url = "http://ops:userinfo-pw@" + host + ":" + target + "/v1/sys/seal-status?token=query-token";
                JsonNode run = failed(byDefault, httpFlow, url);
                String error = run.path("error").asText();
                assertThat(error).as(url).contains("HTTP may not connect to ").contains(":" + target + ": ")
                        .doesNotContain("seal-status", "query-token", "userinfo-pw", "ops@", byDefault.h.vaultRootToken());
                assertThat(byDefault.logs(byDefault.alice, run)).doesNotContain("seal-status", "query-token", "userinfo-pw");
            }
            assertThat(failed(byDefault, httpFlow, "http://127.0.0.1:" + target + "/x").path("error").asText())
                    .endsWith("HTTP may not connect to 127.0.0.1:" + target + ": it is a loopback address (this server), which tasks "
                            + "reach only when the operator lists that address or network in task_egress");
            // spellings the URL parser already refuses never get further either
            assertThat(failed(byDefault, httpFlow, "http://127.1:" + target + "/").path("error").asText())
                    .contains("must be an absolute http:// or https:// URL with a host");
        }
        byDefault.assertNoSecretInAnyAnswer();
    }

    @Test
    void cloudMetadataIsRefusedBeforeAnythingConnects() {
        for (String url : List.of("http://169.254.169.254/latest/meta-data/iam/security-credentials/", "http://[fd00:ec2::254]/latest/api/token")) {
            String error = failed(byDefault, httpFlow, url).path("error").asText();
            assertThat(error).contains("HTTP may not connect to ").contains(":80: it is a ").doesNotContain("latest", "security-credentials");
        }
    }

    @Test
    void aLoopbackGitServerIsRefusedByDefault() {
        try (TestGitServer git = new TestGitServer("svc", "git-pw", "# readme\n")) {
            String error = failed(byDefault, gitFlow, git.url()).path("error").asText();
            assertThat(error).contains("GIT may not connect to 127.0.0.1:" + port(git.url()) + ": it is a loopback address");
            assertThat(failed(byDefault, gitFlow, "file:///etc").path("error").asText())
                    .contains("repository_url").contains("local paths and file:// are not allowed");
        }
    }

    @Test
    void aListedPeerIsReachedButItsRedirectsElsewhereAreRefusedAtTheHop() {
        int peerPort = peer.getAddress().getPort();
        String base = "http://127.0.0.1:" + peerPort;
        JsonNode ok = withPeer.run(httpFlow, Map.of("url", base + "/hello"));
        assertThat(ok.path("status").asText()).as("%s", ok).isEqualTo("succeeded");

        String forbiddenUrl = "http://127.0.0.1:" + forbidden.getAddress().getPort();
        for (String to : List.of(forbiddenUrl + "/steal?token=hop-token", "http://169.254.169.254/latest/meta-data/",
                withPeer.h.api().address() + "/api/v1/users", withPeer.h.vaultAddress() + "/v1/sys/seal-status")) {
            String error = failed(withPeer, httpFlow, base + "/redirect?to=" + URLEncoder.encode(to, StandardCharsets.UTF_8))
                    .path("error").asText();
            assertThat(error).as(to).contains("HTTP: http://127.0.0.1:" + peerPort + " redirected to a destination the operator does not allow; "
                    + "HTTP may not connect to ").doesNotContain("steal", "hop-token", "meta-data", "/api/v1", "seal-status");
        }
        assertThat(forbiddenHits).as("the forbidden peer was never contacted").hasValue(0);
        // the listed peer's port only: the platform's own port stays refused
        assertThat(failed(withPeer, httpFlow, withPeer.h.api().address() + "/api/v1/users").path("error").asText())
                .contains("it is a loopback address (this server)");
    }
}
