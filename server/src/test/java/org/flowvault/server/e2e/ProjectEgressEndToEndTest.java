package org.flowvault.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.flowvault.platform.db.Database;
import org.flowvault.server.ApiHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An admin narrows a project's task egress over the REST API; the operator allows 127.0.0.1
 * (every local peer). The narrowed project's runs reach only the peer its list names, and the
 * other peer never sees a connection; a project without a list still reaches both. Members cannot
 * widen or set the list, and a bad entry is refused by its position without being echoed.
 */
class ProjectEgressEndToEndTest {
    private static World w;
    private static HttpServer allowed;
    private static HttpServer other;
    private static final AtomicInteger allowedHits = new AtomicInteger();
    private static final AtomicInteger otherHits = new AtomicInteger();
    private static String flow;

    @BeforeAll
    static void start() throws IOException {
        allowed = peer(allowedHits);
        other = peer(otherHits);
        w = World.open(Database.Dialect.H2);
        flow = ApiHarness.random("call");
        w.applyOk("name: " + flow + "\ninputs: {url: string}\nsteps:\n"
                + "  - {id: call, task: HTTP, inputs: {url: \"${{ inputs.url }}\", timeout_seconds: 5}}\n");
    }

    private static HttpServer peer(AtomicInteger hits) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        s.createContext("/", ex -> {
            hits.incrementAndGet();
            byte[] ok = "peer-ok".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, ok.length);
            ex.getResponseBody().write(ok);
            ex.close();
        });
        s.start();
        return s;
    }

    @AfterAll
    static void stop() throws Exception {
        if (w != null) {
            w.close();
        }
        allowed.stop(0);
        other.stop(0);
    }

    private static String url(HttpServer s) {
        return "http://127.0.0.1:" + s.getAddress().getPort() + "/ping";
    }

    private static ApiHarness.Reply narrow(ApiHarness.Session who, String project, List<String> entries) {
        Map<String, Object> body = new HashMap<>();
        body.put("task_egress", entries);
        return w.h.call("PATCH", "/api/v1/projects/" + project, who.token(), body);
    }

    @Test
    void aNarrowedProjectReachesOnlyWhatItsListNamesAndTheOtherPeerSeesNothing() {
        String project = w.h.project(w.admin, "narrow");
        w.h.addMember(w.admin, project, w.alice);
        w.h.expect(201, "POST", "/api/v1/projects/" + project + "/flows", w.alice.token(), Map.of("source",
                "name: " + flow + "\ninputs: {url: string}\nsteps:\n"
                        + "  - {id: call, task: HTTP, inputs: {url: \"${{ inputs.url }}\", timeout_seconds: 5}}\n"));
        String entry = "127.0.0.1:" + allowed.getAddress().getPort();
        ApiHarness.Reply set = narrow(w.admin, project, List.of(entry));
        assertThat(set.status()).as("%s", set).isEqualTo(200);
        assertThat(set.json().path("task_egress").toString()).isEqualTo("[\"" + entry + "\"]");
        assertThat(w.h.expect(200, "GET", "/api/v1/projects", w.admin.token(), null).json().path("projects").toString())
                .contains("\"task_egress\":[\"" + entry + "\"]");

        int before = allowedHits.get();
        JsonNode ok = run(project, url(allowed));
        assertThat(ok.path("status").asText()).as("%s", ok).isEqualTo("succeeded");
        assertThat(allowedHits.get()).isGreaterThan(before);

        int otherBefore = otherHits.get();
        JsonNode refused = run(project, url(other));
        assertThat(refused.path("status").asText()).as("%s", refused).isEqualTo("failed");
        assertThat(refused.path("error").asText())
                .contains("HTTP may not connect to 127.0.0.1:" + other.getAddress().getPort())
                .contains("the project's own egress list does not include it")
                .doesNotContain("/ping");
        assertThat(otherHits.get()).as("the peer outside the project's list received nothing").isEqualTo(otherBefore);

        // null lifts the narrowing again
        assertThat(narrow(w.admin, project, null).status()).isEqualTo(200);
        assertThat(run(project, url(other)).path("status").asText()).isEqualTo("succeeded");
    }

    @Test
    void aProjectWithoutItsOwnListReachesEveryPeerTheOperatorAllows() {
        int before = otherHits.get();
        JsonNode run = w.run(flow, Map.of("url", url(other)));
        assertThat(run.path("status").asText()).as("%s", run).isEqualTo("succeeded");
        assertThat(otherHits.get()).isGreaterThan(before);
    }

    @Test
    void aMemberCannotSetOrWidenTheList() {
        ApiHarness.Reply patch = narrow(w.alice, w.project, List.of("*"));
        assertThat(patch.status()).as("%s", patch).isEqualTo(403);
        ApiHarness.Reply create = w.h.call("POST", "/api/v1/projects", w.alice.token(),
                Map.of("name", ApiHarness.random("mine"), "task_egress", List.of("*")));
        assertThat(create.status()).as("%s", create).isEqualTo(403);
        assertThat(projectView(w.project).has("task_egress")).as("the member's project is not narrowed").isFalse();
    }

    @Test
    void aBadEntryIsRefusedByItsPositionWithoutEcho() {
        String hostile = "evil host<script>SECRET-egress-9";
        ApiHarness.Reply patch = narrow(w.admin, w.project, Arrays.asList("db.internal", hostile));
        assertThat(patch.status()).as("%s", patch).isEqualTo(400);
        assertThat(patch.message()).contains("task_egress entry 2 is not");
        assertThat(patch.body()).doesNotContain("SECRET-egress-9", "script");
        String name = ApiHarness.random("bad");
        ApiHarness.Reply create = w.h.call("POST", "/api/v1/projects", w.admin.token(),
                Map.of("name", name, "task_egress", List.of(hostile)));
        assertThat(create.status()).as("%s", create).isEqualTo(400);
        assertThat(create.body()).contains("task_egress entry 1 is not").doesNotContain("SECRET-egress-9");
        ApiHarness.Reply notAList = w.h.call("POST", "/api/v1/projects", w.admin.token(), Map.of("name", name, "task_egress", 7));
        assertThat(notAList.status()).as("%s", notAList).isEqualTo(400);
        assertThat(w.h.expect(200, "GET", "/api/v1/projects", w.admin.token(), null).json().toString()).doesNotContain(name);
    }

    private static JsonNode projectView(String name) {
        for (JsonNode p : w.h.expect(200, "GET", "/api/v1/projects", w.admin.token(), null).json().path("projects")) {
            if (p.path("name").asText().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no project " + name);
    }

    private static JsonNode run(String project, String url) {
        String id = w.h.expect(202, "POST", "/api/v1/projects/" + project + "/flows/" + flow + "/runs", w.alice.token(),
                Map.of("inputs", Map.of("url", url))).json().path("id").asText();
        return w.await(w.alice, id);
    }
}
