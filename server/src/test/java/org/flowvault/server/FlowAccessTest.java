package org.flowvault.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flowvault.platform.db.Database;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Access control on the flow and run routes over the real REST API (H2): a non-member sees
 * nothing of a project's flows and runs (404, the same answer as for what does not exist); a
 * fellow member sees and answers a run but cannot reveal its sensitive outputs; only the user who
 * ran it can; every route refuses an unauthenticated caller; a run uses the identity of the user
 * who starts it and only the configurations scoped to its own project; and no answer or log line
 * shows a secret.
 *
 * <p>People: admin; alice in A; bob in B; carol in A and B. Alice's flow in A reads her Vault
 * secret through a USER_TOKEN configuration (her token only) and then waits at a form.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FlowAccessTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** The flow and run routes of {@link org.flowvault.server.flow.FlowRoutes}; a new one must be added to this test. */
    private static final List<String> ROUTES = List.of(
            "GET /api/v1/projects/{project}/flows",
            "POST /api/v1/projects/{project}/flows",
            "GET /api/v1/projects/{project}/flows/{name}",
            "GET /api/v1/projects/{project}/flows/{name}/versions/{version}",
            "POST /api/v1/projects/{project}/flows/{name}/runs",
            "GET /api/v1/projects/{project}/runs",
            "GET /api/v1/runs/{id}",
            "GET /api/v1/runs/{id}/wait",
            "POST /api/v1/runs/{id}/cancel",
            "POST /api/v1/runs/{id}/input",
            "GET /api/v1/runs/{id}/logs",
            "GET /api/v1/runs/{id}/events",
            "POST /api/v1/runs/{id}/reveal");

    private ApiHarness h;
    private ApiHarness.Session admin;
    private ApiHarness.Session alice;
    private ApiHarness.Session bob;
    private ApiHarness.Session carol;
    private String projectA;
    private String projectB;
    private String config;
    private String prefix;
    private String flow;
    private String source;
    private String region;
    private String dbPassword;
    private String pin;
    private String runId;
    /** Values no answer may show: Vault tokens, secret values, sensitive inputs, secret form answers, passwords. */
    private final List<String> secrets = new ArrayList<>();

    @BeforeAll
    void setUp() {
        h = ApiHarness.open(Database.Dialect.H2);
        h.platform().startBackgroundJobs(Duration.ofMinutes(1)); // ApiHarness does not start the run workers
        secrets.add(h.vaultRootToken());
        admin = h.bootstrapAdmin();
        alice = h.member(admin, "alice");
        bob = h.member(admin, "bob");
        carol = h.member(admin, "carol");
        List.of(admin, alice, bob, carol).forEach(s -> secrets.add(s.password()));
        projectA = h.project(admin, "a");
        projectB = h.project(admin, "b");
        h.addMember(admin, projectA, alice);
        h.addMember(admin, projectB, bob);
        h.addMember(admin, projectA, carol);
        h.addMember(admin, projectB, carol);

        config = ApiHarness.random("vault");
        h.expect(201, "POST", "/api/v1/vault-configs", admin.token(), Map.of(
                "name", config, "url", h.vaultAddress(), "scope", List.of(projectA), "auth_method", "user_token"));
        prefix = ApiHarness.random("team");
        dbPassword = secret("db-pw-" + UUID.randomUUID());
        h.vaultSecret(prefix + "/db", Map.of("username", secret("db-user-" + UUID.randomUUID()), "password", dbPassword));
        String aliceVaultToken = secret(h.vaultToken(Duration.ofHours(72), h.kvPolicy(prefix + "/", "read")));
        h.expect(200, "PUT", "/api/v1/vault-configs/" + config + "/token", alice.token(), Map.of("token", aliceVaultToken));
        // carol registers no token: her runs must not borrow alice's

        flow = ApiHarness.random("rotate");
        source = """
                name: %s
                description: Reads the database password, then asks for approval
                inputs:
                  api_token: {type: string, required: true}
                  region: string
                steps:
                  - id: read
                    task: VAULT
                    inputs: {command: read, vault_config: %s, path: secret/%s/db}
                  - id: ask
                    message:
                      subject: Approve the rotation
                      text: Give your name and the PIN.
                      fields:
                        - {name: approver, type: string, label: "Approver", required: true}
                        - {name: pin, type: string, label: "PIN", secret: true, required: true}
                outputs:
                  db_password: ${{ steps.read.outputs.data.password }}
                  pin: ${{ steps.ask.outputs.pin }}
                  approver: ${{ steps.ask.outputs.approver }}
                  region: ${{ inputs.region }}
                """.formatted(flow, config, prefix);
        h.expect(201, "POST", flows(projectA), alice.token(), Map.of("source", source));
        region = ApiHarness.random("region");
        pin = secret("pin-" + UUID.randomUUID());
        JsonNode started = h.expect(202, "POST", flows(projectA) + "/" + flow + "/runs", alice.token(),
                Map.of("inputs", Map.of("api_token", secret("api-" + UUID.randomUUID()), "region", region))).json();
        runId = started.path("id").asText();
        JsonNode waiting = settle(alice, runId);
        assertThat(waiting.path("status").asText()).as("alice's run reads her secret, then waits: %s", waiting)
                .isEqualTo("waiting_for_input");
    }

    @AfterAll
    void tearDown() {
        if (h != null) {
            h.close();
        }
    }

    @Test
    @Order(1)
    void theTestCoversEveryFlowAndRunRouteTheServerRegisters() {
        List<String> registered = h.api().routes().stream().map(r -> r.method() + " " + r.path())
                .filter(r -> r.contains("/flows") || r.contains("/runs")).sorted().toList();
        assertThat(registered).containsExactlyInAnyOrderElementsOf(ROUTES);
    }

    @Test
    @Order(2)
    void anUnauthenticatedCallerGets401OnEveryFlowAndRunRoute() {
        for (String bearer : new String[] {null, "fv_not-a-session-" + UUID.randomUUID()}) {
            for (String route : ROUTES) {
                ApiHarness.Reply r = perform(route, bearer, projectA, runId);
                assertThat(r.status()).as("%s", r).isEqualTo(401);
                assertThat(r.reason()).as("%s", r).isEqualTo("UNAUTHENTICATED");
                assertNoLeak(r);
            }
        }
        assertUnchangedWaitingRun();
    }

    @Test
    @Order(3)
    void bobOutsideProjectAGets404OnEveryFlowAndRunRouteExactlyAsForWhatDoesNotExist() {
        String nowhere = ApiHarness.random("nope");
        String unknownRun = UUID.randomUUID().toString();
        for (String route : ROUTES) {
            ApiHarness.Reply r = perform(route, bob.token(), projectA, runId);
            assertThat(r.status()).as("%s", r).isEqualTo(404);
            assertThat(r.reason()).as("%s", r).isEqualTo("NOT_FOUND");
            assertNoLeak(r);
            // the answer is the one for a project or run that does not exist: it confirms nothing
            ApiHarness.Reply absent = perform(route, bob.token(), nowhere, unknownRun);
            assertThat(absent.status()).as("%s", absent).isEqualTo(404);
            assertThat(r.message().replace(projectA, "P").replace(runId, "R"))
                    .isEqualTo(absent.message().replace(nowhere, "P").replace(unknownRun, "R"));
        }
        assertUnchangedWaitingRun();
        // bob's apply and start left no trace in A
        JsonNode flows = h.expect(200, "GET", flows(projectA), alice.token(), null).json().path("flows");
        assertThat(flows).singleElement().satisfies(f -> {
            assertThat(f.path("name").asText()).isEqualTo(flow);
            assertThat(f.path("latest_version").asInt()).isEqualTo(1);
        });
        JsonNode runs = h.expect(200, "GET", "/api/v1/projects/" + projectA + "/runs", alice.token(), null).json().path("runs");
        assertThat(runs.findValuesAsText("id")).containsExactly(runId);
        // and in bob's own project nothing of A shows
        assertThat(h.expect(200, "GET", flows(projectB), bob.token(), null).json().path("flows")).isEmpty();
        assertThat(h.expect(200, "GET", "/api/v1/projects/" + projectB + "/runs", bob.token(), null).json().path("runs")).isEmpty();
    }

    @Test
    @Order(4)
    void carolAFellowMemberSeesAndAnswersTheRunButOnlyAliceMayRevealItsSensitiveOutputs() {
        JsonNode seen = h.expect(200, "GET", "/api/v1/runs/" + runId, carol.token(), null).json();
        assertThat(seen.path("run_as").asText()).isEqualTo(alice.username());
        assertThat(seen.path("inputs").path("api_token").asText()).isEqualTo("****");
        assertThat(seen.path("inputs").path("region").asText()).isEqualTo(region);
        assertThat(seen.path("form").path("fields").findValuesAsText("name")).containsExactly("approver", "pin");
        assertThat(h.expect(200, "GET", "/api/v1/projects/" + projectA + "/runs", carol.token(), null).json()
                .path("runs").findValuesAsText("id")).containsExactly(runId);
        assertThat(h.expect(200, "GET", flows(projectA) + "/" + flow, carol.token(), null).json().path("source").asText())
                .isEqualTo(source);
        assertThat(h.expect(200, "GET", "/api/v1/runs/" + runId + "/logs", carol.token(), null).json().path("lines"))
                .isNotEmpty();
        // carol's other project shows nothing of A
        assertThat(h.expect(200, "GET", "/api/v1/projects/" + projectB + "/runs", carol.token(), null).json().path("runs")).isEmpty();

        h.expect(200, "POST", "/api/v1/runs/" + runId + "/input", carol.token(),
                Map.of("values", Map.of("approver", carol.username(), "pin", pin)));
        JsonNode done = settle(carol, runId);

        assertThat(done.path("status").asText()).as("%s", done).isEqualTo("succeeded");
        assertThat(done.path("run_as").asText()).as("answering does not change whose run it is").isEqualTo(alice.username());
        assertThat(done.path("outputs").path("db_password").asText()).isEqualTo("****");
        assertThat(done.path("outputs").path("pin").asText()).isEqualTo("****");
        assertThat(done.path("outputs").path("approver").asText()).isEqualTo(carol.username());
        assertThat(done.path("sensitive_outputs").toString()).contains("db_password").contains("pin");
        String logs = h.expect(200, "GET", "/api/v1/runs/" + runId + "/logs", carol.token(), null).json().path("lines").toString();
        assertThat(logs).contains("input submitted by " + carol.username());

        for (ApiHarness.Session notTheRunner : List.of(carol, admin)) {
            ApiHarness.Reply refused = h.call("POST", "/api/v1/runs/" + runId + "/reveal", notTheRunner.token(), null);
            assertThat(refused.status()).as("%s", refused).isEqualTo(403);
            assertThat(refused.reason()).isEqualTo("FORBIDDEN");
            assertThat(refused.message()).contains("only user '" + alice.username() + "'").contains("who ran it");
        }
        // bob still sees nothing of the finished run, not even with outputs sealed
        for (String route : ROUTES.stream().filter(x -> x.contains("/runs/{id}")).toList()) {
            ApiHarness.Reply r = perform(route, bob.token(), projectA, runId);
            assertThat(r.status()).as("%s", r).isEqualTo(404);
            assertThat(r.reason()).isEqualTo("NOT_FOUND");
            assertNoLeak(r);
        }

        // the live view's event stream shows both members the same masked run, and ends with it
        ApiHarness.Reply events = h.expect(200, "GET", "/api/v1/runs/" + runId + "/events", carol.token(), null);
        assertThat(events.body()).contains("event: run").contains("event: end").contains("\"status\":\"succeeded\"")
                .contains("input submitted by " + carol.username()).doesNotContain(dbPassword).doesNotContain(pin);

        JsonNode revealed = revealUnrecorded(alice, runId);
        assertThat(revealed.path("outputs").path("db_password").asText()).isEqualTo(dbPassword);
        assertThat(revealed.path("outputs").path("pin").asText()).isEqualTo(pin);
        assertThat(revealed.path("outputs").path("region").asText()).isEqualTo(region);
    }

    @Test
    @Order(5)
    void aRunCarolStartsUsesCarolsIdentityAndFailsNamingTheConfigurationAndHowToAuthenticate() {
        JsonNode started = h.expect(202, "POST", flows(projectA) + "/" + flow + "/runs", carol.token(),
                Map.of("inputs", Map.of("api_token", secret("carol-api-" + UUID.randomUUID()), "region", region))).json();
        assertThat(started.path("run_as").asText()).isEqualTo(carol.username());

        JsonNode ended = settle(carol, started.path("id").asText());

        assertThat(ended.path("status").asText()).as("carol has no token, so alice's is not borrowed: %s", ended).isEqualTo("failed");
        assertThat(ended.path("run_as").asText()).isEqualTo(carol.username());
        assertThat(ended.path("error").asText()).contains(config).contains("flowvault vault-config authenticate " + config);
        assertThat(ended.path("form").isNull() || ended.path("form").isMissingNode()).as("it never reached the form").isTrue();
        ApiHarness.Reply aliceReveals = h.call("POST", "/api/v1/runs/" + started.path("id").asText() + "/reveal", alice.token(), null);
        assertThat(aliceReveals.status()).as("%s", aliceReveals).isEqualTo(403);
        assertThat(aliceReveals.reason()).isEqualTo("FORBIDDEN");
        assertThat(aliceReveals.message()).contains("only user '" + carol.username() + "'");
    }

    @Test
    @Order(6)
    void aFlowInProjectBCannotUseAConfigurationScopedToAEvenForAMemberOfBothWithAWorkingToken() {
        String carolsVaultToken = secret(h.vaultToken(Duration.ofHours(72), h.kvPolicy(prefix + "/", "read")));
        h.expect(200, "PUT", "/api/v1/vault-configs/" + config + "/token", carol.token(), Map.of("token", carolsVaultToken));
        String copy = ApiHarness.random("copy");
        h.expect(201, "POST", flows(projectB), carol.token(), Map.of("source", source.replace("name: " + flow, "name: " + copy)));
        Map<String, Object> inputs = Map.of("inputs", Map.of("api_token", secret("carol-api-" + UUID.randomUUID()), "region", region));

        JsonNode inB = settle(carol, h.expect(202, "POST", flows(projectB) + "/" + copy + "/runs", carol.token(), inputs)
                .json().path("id").asText());
        // the same flow in A, where the configuration is in scope: carol's own token reads the secret
        JsonNode inA = settle(carol, h.expect(202, "POST", flows(projectA) + "/" + flow + "/runs", carol.token(), inputs)
                .json().path("id").asText());

        assertThat(inB.path("status").asText()).as("%s", inB).isEqualTo("failed");
        assertThat(inB.path("error").asText()).contains("vault configuration '" + config + "' not found or not usable in this project");
        assertThat(inA.path("status").asText()).as("%s", inA).isEqualTo("waiting_for_input");
        assertThat(inA.path("run_as").asText()).isEqualTo(carol.username());
        JsonNode cancelled = h.expect(200, "POST", "/api/v1/runs/" + inA.path("id").asText() + "/cancel", carol.token(), null).json();
        assertThat(cancelled.path("status").asText()).isEqualTo("cancelled");
    }

    @Test
    @Order(7)
    void noAnswerAndNoLogLineShowsASecretOrAnotherUsersSessionToken() {
        List<ApiHarness.Reply> replies = h.replies();
        assertThat(replies).hasSizeGreaterThan(50);
        List<String> forms = new ArrayList<>();
        secrets.forEach(s -> forms.addAll(forms(s)));
        for (ApiHarness.Reply r : replies) {
            for (String f : forms) {
                assertThat(r.body()).as("%s %s shows a secret", r.method(), r.path()).doesNotContain(f);
            }
            if (!r.path().equals("/api/v1/auth/login")) {
                for (ApiHarness.Session s : List.of(admin, alice, bob, carol)) {
                    assertThat(r.body()).as("%s %s shows a session token", r.method(), r.path()).doesNotContain(s.token());
                }
            }
        }
        for (String line : h.logLines()) {
            for (String f : forms) {
                assertThat(line).as("a log line shows a secret").doesNotContain(f);
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Calls {@code route} ("METHOD /path") with the placeholders filled and a well-formed body. */
    private ApiHarness.Reply perform(String route, String bearer, String project, String run) {
        String method = route.substring(0, route.indexOf(' '));
        String path = route.substring(route.indexOf(' ') + 1).replace("{project}", project).replace("{name}", flow)
                .replace("{version}", "1").replace("{id}", run);
        Object body = null;
        if (path.endsWith("/flows") && method.equals("POST")) {
            body = Map.of("source", source.replace("Reads the database password", "Changed by someone"));
        } else if (path.endsWith("/runs") && method.equals("POST")) {
            body = Map.of("inputs", Map.of("api_token", "intruder-" + UUID.randomUUID(), "region", "intruder"));
        } else if (path.endsWith("/input")) {
            body = Map.of("values", Map.of("approver", "intruder", "pin", "intruder-pin"));
        } else if (path.endsWith("/wait")) {
            path += "?timeout=1";
        }
        return h.call(method, path, bearer, body);
    }

    /** A refused answer names nothing of alice's: not her, her flow, configuration, Vault area or inputs. */
    private void assertNoLeak(ApiHarness.Reply r) {
        assertThat(r.body()).as("%s", r).doesNotContain(alice.username()).doesNotContain(flow).doesNotContain(config)
                .doesNotContain(prefix).doesNotContain(region).doesNotContain("Approve the rotation");
    }

    /** Alice's run is still waiting at its form, untouched: no one else cancelled or answered it. */
    private void assertUnchangedWaitingRun() {
        JsonNode run = h.expect(200, "GET", "/api/v1/runs/" + runId, alice.token(), null).json();
        assertThat(run.path("status").asText()).isEqualTo("waiting_for_input");
        String logs = h.expect(200, "GET", "/api/v1/runs/" + runId + "/logs", alice.token(), null).json().path("lines").toString();
        assertThat(logs).doesNotContain("cancelled by").doesNotContain("input submitted by");
    }

    /** Long-polls the run as {@code who} until it ends or waits for input (at most two minutes). */
    private JsonNode settle(ApiHarness.Session who, String id) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        JsonNode run = h.expect(200, "GET", "/api/v1/runs/" + id, who.token(), null).json();
        while (!settled(run.path("status").asText()) && System.nanoTime() < deadline) {
            run = h.expect(200, "GET", "/api/v1/runs/" + id + "/wait?timeout=20", who.token(), null).json();
        }
        assertThat(settled(run.path("status").asText())).as("run settled: %s", run).isTrue();
        return run;
    }

    private static boolean settled(String status) {
        return List.of("succeeded", "failed", "cancelled", "waiting_for_input").contains(status);
    }

    /**
     * Reveals as {@code who} WITHOUT recording the answer in the harness: the one answer that
     * legitimately shows secrets, to the user who ran the flow.
     */
    private JsonNode revealUnrecorded(ApiHarness.Session who, String id) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(h.api().address() + "/api/v1/runs/" + id + "/reveal"))
                    .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + who.token())
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as("reveal -> %s", r.statusCode()).isEqualTo(200);
            return ApiHarness.JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String secret(String value) {
        secrets.add(value);
        return value;
    }

    private static List<String> forms(String secret) {
        return List.of(secret, Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)),
                URLEncoder.encode(secret, StandardCharsets.UTF_8));
    }

    private static String flows(String project) {
        return "/api/v1/projects/" + project + "/flows";
    }
}
