package org.flowvault.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.flowvault.platform.Platform;
import org.flowvault.platform.crypto.MasterKey;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.db.TestClock;
import org.flowvault.platform.db.TestDatabases;
import org.flowvault.platform.execution.RunEngine;
import org.flowvault.platform.vaultconfig.UrlAllowList;
import org.flowvault.server.ApiHarness;
import org.flowvault.server.ApiServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A person's answer resumes a run that waits at a form; a run whose node dies ends failed naming
 * the node and step — or, when the flow says {@code retry: 1}, succeeds on another node — and is
 * never left running. The killed-node cases need two platform nodes on one PostgreSQL schema.
 */
class HumanInputAndRecoveryEndToEndTest {

    @Test
    void aPersonsInputResumesAWaitingRunAndItsSecretAnswerIsMasked() {
        try (World w = World.open(Database.Dialect.H2)) {
            String answer = w.newSecret("answered-pw");
            String target = ApiHarness.random("answer");
            String flow = ApiHarness.random("ask");
            w.applyOk("""
                    name: %s
                    steps:
                      - id: ask
                        message:
                          subject: Enter the new password
                          text: It will be written to Vault.
                          fields:
                            - {name: user, type: string, label: "User", required: true}
                            - {name: password, type: string, label: "Password", secret: true, required: true}
                      - id: store
                        write_secret:
                          vault_config: %s
                          path: secret/%s/%s
                          data:
                            password: ${{ steps.ask.outputs.password }}
                    outputs:
                      user: ${{ steps.ask.outputs.user }}
                      password: ${{ steps.ask.outputs.password }}
                    """.formatted(flow, w.config, w.prefix, target));

            JsonNode waiting = w.run(flow, Map.of());

            assertThat(waiting.path("status").asText()).as("%s", waiting).isEqualTo("waiting_for_input");
            assertThat(waiting.path("claimed_by").asText(null)).as("a waiting run holds no node").isNull();
            JsonNode form = waiting.path("form");
            assertThat(form.path("subject").asText()).isEqualTo("Enter the new password");
            assertThat(form.path("fields").findValuesAsText("name")).containsExactly("user", "password");
            assertThat(form.path("fields").get(1).path("secret").asBoolean()).isTrue();
            String id = waiting.path("id").asText();

            ApiHarness.Reply incomplete = w.h.call("POST", "/api/v1/runs/" + id + "/input", w.alice.token(),
                    Map.of("values", Map.of("user", "rotator")));
            assertThat(incomplete.status()).as("%s", incomplete).isEqualTo(400);
            assertThat(incomplete.message()).contains("password");

            w.h.expect(200, "POST", "/api/v1/runs/" + id + "/input", w.alice.token(),
                    Map.of("values", Map.of("user", "rotator", "password", answer)));
            JsonNode done = w.await(w.alice, id);

            assertThat(done.path("status").asText()).as("%s", done).isEqualTo("succeeded");
            assertThat(done.path("outputs").path("user").asText()).isEqualTo("rotator");
            assertThat(done.path("outputs").path("password").asText()).isEqualTo("****");
            JsonNode stored = w.h.vaultRoot("GET", "secret/data/" + w.prefix + "/" + target, null);
            assertThat(stored.path("data").path("data").path("password").asText()).isEqualTo(answer);
            w.logs(w.alice, done);
            w.assertNoSecretInAnyAnswer();
        }
    }

    @Test
    void aRunWhoseNodeIsKilledEndsFailedNamingTheNodeAndStep() throws Exception {
        try (Nodes n = Nodes.open(); TestHttpServer peer = TestHttpServer.basic("svc", "not-used-pw")) {
            String flow = ApiHarness.random("hold");
            n.apply("name: " + flow + "\nsteps:\n  - {id: hold, task: HTTP, inputs: {url: \"" + peer.url("/hold/x")
                    + "\", timeout_seconds: 3600}}\n  - {id: after, task: HTTP, inputs: {url: \"" + peer.url("/after") + "\"}}\n");
            String id = n.startOnFirst(flow);
            assertThat(peer.entered().await(30, TimeUnit.SECONDS)).as("the first node runs the held step").isTrue();

            n.killFirst();
            JsonNode ended = n.awaitOnSecond(id);

            assertThat(ended.path("status").asText()).as("%s", ended).isEqualTo("failed");
            assertThat(ended.path("error").asText()).contains("node " + n.first.nodeId() + " stopped while running step 'hold'")
                    .contains("retry");
            assertThat(peer.seen()).extracting(TestHttpServer.Seen::path).doesNotContain("/after");
        }
    }

    @Test
    void aRunWhoseNodeIsKilledIsRetriedOnAnotherNodeWhenTheFlowSaysRetry() throws Exception {
        try (Nodes n = Nodes.open(); TestHttpServer peer = TestHttpServer.basicHoldingFirst("svc", "not-used-pw", 1)) {
            String flow = ApiHarness.random("retry");
            n.apply("name: " + flow + "\nretry: 1\nsteps:\n  - {id: hold, task: HTTP, inputs: {url: \"" + peer.url("/hold/x")
                    + "\", timeout_seconds: 3600}}\noutputs:\n  status: ${{ steps.hold.outputs.status }}\n");
            String id = n.startOnFirst(flow);
            assertThat(peer.entered().await(30, TimeUnit.SECONDS)).isTrue();

            n.killFirst();
            JsonNode ended = n.awaitOnSecond(id);

            assertThat(ended.path("status").asText()).as("%s", ended).isEqualTo("succeeded");
            assertThat(ended.path("attempt").asInt()).isEqualTo(2);
            assertThat(ended.path("claimed_by").asText(null)).as("an ended run holds no node").isNull();
            assertThat(n.logs(id)).contains("attempt 2 of 2 on node " + n.second.nodeId());
            assertThat(ended.path("outputs").path("status").asInt()).isEqualTo(401);
            assertThat(peer.seen()).hasSize(2);
        }
    }

    /**
     * Two platform nodes, each behind its own API server, on one PostgreSQL schema with one
     * master key. The second node's clock is a test clock that {@link #killFirst()} moves a
     * minute on, so the dead node's lease (30 s, not configurable through
     * {@code Platform.builder()}) lapses at once instead of after half a minute.
     */
    private static final class Nodes implements AutoCloseable {
        final Database db;
        final Platform first;
        final Platform second;
        final ApiServer firstApi;
        final ApiServer secondApi;
        final ApiHarness.Session admin;
        final String project;
        private final TestClock secondClock = TestClock.startingNow();
        private final HarnessClient client;

        private Nodes(Database db) {
            this.db = db;
            MasterKey key = MasterKey.generate();
            UrlAllowList allow = UrlAllowList.of(List.of("127.0.0.1"));
            first = Platform.builder().database(db).masterKey(key).vaultUrlAllowList(allow).taskEgress(ApiHarness.LOOPBACK_FOR_TEST_PEERS).nodeId(ApiHarness.random("first")).build();
            second = Platform.builder().database(db).masterKey(key).vaultUrlAllowList(allow).taskEgress(ApiHarness.LOOPBACK_FOR_TEST_PEERS).nodeId(ApiHarness.random("second"))
                    .clock(secondClock).build();
            firstApi = ApiServer.start(first, "127.0.0.1", 0);
            secondApi = ApiServer.start(second, "127.0.0.1", 0);
            first.startBackgroundJobs(Duration.ofHours(1));
            client = new HarnessClient(firstApi);
            String name = ApiHarness.random("admin");
            String password = first.users().bootstrapAdmin(name).orElseThrow();
            admin = client.login(name, password);
            project = ApiHarness.random("nodes");
            client.expect(firstApi, 201, "POST", "/api/v1/projects", admin, Map.of("name", project));
        }

        static Nodes open() {
            Assumptions.assumeTrue(System.getenv(TestDatabases.POSTGRES_ENV) != null,
                    "a killed node needs two nodes on one shared database: set FLOWVAULT_TEST_POSTGRES_URL "
                            + "(H2 here is one process's database, so this test is skipped)");
            return new Nodes(TestDatabases.postgres());
        }

        void apply(String source) {
            client.expect(firstApi, 201, "POST", "/api/v1/projects/" + project + "/flows", admin, Map.of("source", source));
        }

        String startOnFirst(String flow) {
            return client.expect(firstApi, 202, "POST", "/api/v1/projects/" + project + "/flows/" + flow + "/runs", admin,
                    Map.of("inputs", Map.of())).path("id").asText();
        }

        /**
         * The first node dies: no more claims, heartbeats or writes (RunEngine's package-private
         * test hook, reached by reflection since this test lives in the server module); a minute
         * passes on the second node, which then starts its workers.
         */
        void killFirst() throws Exception {
            Method halt = RunEngine.class.getDeclaredMethod("halt");
            halt.setAccessible(true);
            halt.invoke(first.runs());
            firstApi.close();
            secondClock.advance(Duration.ofMinutes(1));
            second.startBackgroundJobs(Duration.ofHours(1));
        }

        /** The run's log as the second node's API shows it. */
        String logs(String id) {
            return client.expect(secondApi, 200, "GET", "/api/v1/runs/" + id + "/logs", admin, null).path("lines").toString();
        }

        /** Polls the second node's API until the run is over; fails if it stays queued or running. */
        JsonNode awaitOnSecond(String id) {
            JsonNode[] last = new JsonNode[1];
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
                last[0] = client.expect(secondApi, 200, "GET", "/api/v1/runs/" + id + "/wait?timeout=5", admin, null);
                String s = last[0].path("status").asText();
                return s.equals("succeeded") || s.equals("failed") || s.equals("cancelled");
            });
            return last[0];
        }

        @Override
        public void close() {
            secondApi.close();
            firstApi.close();
            second.close();
            first.close();
            db.close();
        }
    }
}
