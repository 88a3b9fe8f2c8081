package org.flowvault.server.web.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.flowvault.platform.db.Database;
import org.flowvault.server.ApiHarness;
import org.flowvault.server.web.Browser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

/**
 * The run pages in a real browser: a run started from the flow page waits for a form, is answered
 * on its page and succeeds live (no reload), its outputs and log masked; cancel; the runs list's
 * filters and pages; and no way into another project's run.
 */
class RunPagesTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static ApiHarness h;
    private static ApiHarness.Session alice;
    private static ApiHarness.Session bob;
    private static String project;
    private static String otherProject;
    private static String config;
    private static String prefix;
    private static String dbPassword;
    private static Browser b;
    private static HttpServer holder;
    private static final CountDownLatch RELEASE = new CountDownLatch(1);
    private static final CountDownLatch ENTERED = new CountDownLatch(1);

    @BeforeAll
    static void start() throws Exception {
        h = ApiHarness.open(Database.Dialect.H2);
        h.platform().startBackgroundJobs(Duration.ofMinutes(1));
        ApiHarness.Session admin = h.bootstrapAdmin();
        alice = h.member(admin, "alice");
        bob = h.member(admin, "bob");
        project = h.project(admin, "runs");
        otherProject = h.project(admin, "elsewhere");
        h.addMember(admin, project, alice);
        h.addMember(admin, otherProject, bob);
        config = ApiHarness.random("vault");
        h.expect(201, "POST", "/api/v1/vault-configs", admin.token(), Map.of(
                "name", config, "url", h.vaultAddress(), "scope", List.of(project), "auth_method", "user_token"));
        prefix = ApiHarness.random("team");
        dbPassword = "db-pw-" + UUID.randomUUID();
        h.vaultSecret(prefix + "/db", Map.of("username", "app", "password", dbPassword));
        h.expect(200, "PUT", "/api/v1/vault-configs/" + config + "/token", alice.token(),
                Map.of("token", h.vaultToken(Duration.ofHours(72), h.kvPolicy(prefix + "/", "read"))));
        holder = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        holder.createContext("/hold", ex -> {
            ENTERED.countDown();
            try {
                RELEASE.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        holder.start();
        b = Browser.open(h.api().address());
        b.signIn(alice.username(), alice.password());
    }

    @AfterAll
    static void stop() {
        RELEASE.countDown();
        if (holder != null) {
            holder.stop(0);
        }
        if (b != null) {
            b.close();
        }
        if (h != null) {
            h.close();
        }
    }

    @Test
    void aRunStartedFromItsFormIsAnsweredOnItsPageAndSucceedsLiveWithSecretsMasked() throws Exception {
        String flow = ApiHarness.random("rotate");
        h.expect(201, "POST", flows(), alice.token(), Map.of("source", """
                name: %s
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
                      text: Give your name, the PIN and how many replicas.
                      fields:
                        - {name: approver, type: string, label: "Approver", required: true}
                        - {name: pin, type: string, label: "PIN", secret: true, required: true}
                        - {name: replicas, type: integer, label: "Replicas"}
                        - {name: notify, type: boolean, label: "Notify the team"}
                outputs:
                  db_password: ${{ steps.read.outputs.data.password }}
                  pin: ${{ steps.ask.outputs.pin }}
                  approver: ${{ steps.ask.outputs.approver }}
                  replicas: ${{ steps.ask.outputs.replicas }}
                """.formatted(flow, config, prefix)));
        String apiToken = "api-" + UUID.randomUUID();
        String pin = "pin-" + UUID.randomUUID();

        b.go("/projects/" + project + "/flows/" + flow);
        b.find("#input-api_token").sendKeys(apiToken);
        b.find("#input-region").sendKeys("eu");
        b.find("#start-run-button").click();
        b.waitFor(d -> b.path().matches("/projects/" + project + "/runs/[0-9a-f-]{36}"));
        String runId = b.path().substring(b.path().lastIndexOf('/') + 1);
        b.script("window.samePageMarker = 'still here';");

        b.waitFor(d -> b.find("#run-status").getText().equals("waiting for input") && b.find("#run-form-section").isDisplayed());
        assertThat(b.find("#run-form-heading").getText()).isEqualTo("Approve the rotation");
        assertThat(textOf("#run-steps li[data-step='read'] .step-state")).isEqualTo("done");
        assertThat(textOf("#run-steps li[data-step='ask'] .step-state")).isEqualTo("waiting for input");
        assertThat(b.find("#form-field-1").getAttribute("type")).as("a secret field is a password field").isEqualTo("password");
        assertThat(b.find("#form-field-2").getAttribute("type")).isEqualTo("number");
        assertThat(b.find("#form-field-3").getAttribute("type")).isEqualTo("checkbox");
        b.assertAccessible();
        b.screenshot("run-page-waiting-for-input");

        b.find("#run-form-submit").click();
        b.waitFor(d -> !b.find("#run-form-error").getText().isEmpty());
        assertThat(b.find("#run-form-error").getText()).as("a missing required field is refused by the server")
                .contains("approver").contains("required");
        b.find("#form-field-0").sendKeys("carol");
        b.find("#form-field-1").sendKeys(pin);
        b.find("#form-field-2").sendKeys("3");
        b.find("#form-field-3").click();
        b.find("#run-form-submit").click();

        b.waitFor(d -> b.find("#run-status").getText().equals("succeeded"));
        assertThat(b.script("return window.samePageMarker")).as("the page updated in place, no reload").isEqualTo("still here");
        assertThat(b.find("#run-form-section").isDisplayed()).isFalse();
        assertThat(b.find("#cancel-run").isDisplayed()).isFalse();
        assertThat(output("db_password")).isEqualTo("****");
        assertThat(output("pin")).isEqualTo("****");
        assertThat(output("approver")).isEqualTo("carol");
        assertThat(output("replicas")).isEqualTo("3");
        b.waitFor(d -> b.find("#run-log").getText().contains("input submitted by " + alice.username()));
        assertThat(b.script("return [...document.querySelectorAll('#run-steps .step-state')].map(e => e.textContent).join(',')"))
                .isEqualTo("done,done");
        String page = b.driver().getPageSource();
        for (String secret : List.of(dbPassword, pin, apiToken)) {
            assertThat(page).as("the page shows no secret").doesNotContain(secret);
        }
        b.assertAccessible();
        // tall enough to show the outputs and the log together (the README shows this one)
        b.driver().manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1500));
        b.screenshot("run-page-masked-logs");
        b.driver().manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1000));

        // what the page's script fetches: the event stream (the run is over, so it ends) and the run API
        String events = (String) b.driver().executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch('/api/v1/runs/" + runId + "/events').then(r => r.text()).then(done, e => done('failed ' + e));");
        assertThat(events).contains("event: run").contains("event: log").contains("event: end").contains("succeeded");
        String fetched = (String) b.driver().executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch('/api/v1/runs/" + runId + "').then(r => r.text()).then(done, e => done('failed ' + e));");
        for (String secret : List.of(dbPassword, pin, apiToken)) {
            assertThat(events).as("the event stream shows no secret").doesNotContain(secret);
            assertThat(fetched).doesNotContain(secret);
        }
        assertThat(b.script("return JSON.stringify(localStorage) + JSON.stringify(sessionStorage)").toString())
                .doesNotContain(dbPassword).doesNotContain(pin);

        // alice ran it, so she may reveal; only on request
        b.find("#reveal-outputs").click();
        b.waitFor(d -> output("db_password").equals(dbPassword));
        assertThat(output("pin")).isEqualTo(pin);
        b.find("#reveal-outputs").click();
        b.waitFor(d -> output("db_password").equals("****"));
    }

    @Test
    void cancellingALongRunOnItsPageEndsItCancelledLiveBeforeItsNextStep() throws Exception {
        String flow = ApiHarness.random("hold");
        h.expect(201, "POST", flows(), alice.token(), Map.of("source", "name: " + flow + "\nsteps:\n  - {id: hold, task: HTTP, inputs: {url: \""
                + "http://127.0.0.1:" + holder.getAddress().getPort() + "/hold\", timeout_seconds: 120}}\n  - {id: after, message: "
                + "{subject: never, fields: [{name: ok, type: boolean}]}}\n"));
        String runId = h.expect(202, "POST", flows() + "/" + flow + "/runs", alice.token(), Map.of()).json().path("id").asText();
        assertThat(ENTERED.await(30, TimeUnit.SECONDS)).as("the run is inside its long step").isTrue();

        b.go("/projects/" + project + "/runs/" + runId);
        b.script("window.samePageMarker = 'cancel page';");
        b.waitFor(d -> b.find("#run-status").getText().equals("running"));
        assertThat(textOf("#run-steps li[data-step='hold'] .step-state")).isEqualTo("running");
        b.find("#cancel-run").click();
        assertThat(b.find("#cancel-dialog").isDisplayed()).isTrue();
        b.assertAccessible();
        b.find("#cancel-confirm").click();
        b.waitFor(d -> !b.find("#cancel-dialog").isDisplayed());
        // the platform stops a running task at its next check: the held HTTP call returns, the next step never starts
        RELEASE.countDown();

        b.waitFor(d -> b.find("#run-status").getText().equals("cancelled"));
        assertThat(b.script("return window.samePageMarker")).isEqualTo("cancel page");
        assertThat(b.find("#run-error").getText()).contains("cancelled while running step 'hold'");
        assertThat(textOf("#run-steps li[data-step='after'] .step-state")).isIn("not run", "cancelled");
        b.assertAccessible();
        b.screenshot("run-page-cancelled");
    }

    @Test
    void theRunsListFiltersByStatusAndFlowAndPagesWithoutRepeatingARun() {
        String flow = ApiHarness.random("many");
        h.expect(201, "POST", flows(), alice.token(), Map.of("source", "name: " + flow + "\nsteps:\n  - {id: ask, message: "
                + "{subject: wait, fields: [{name: ok, type: boolean}]}}\n"));
        Set<String> started = new HashSet<>();
        for (int i = 0; i < 55; i++) {
            started.add(h.expect(202, "POST", flows() + "/" + flow + "/runs", alice.token(), Map.of()).json().path("id").asText());
        }
        String cancelled = started.iterator().next();
        h.expect(200, "POST", "/api/v1/runs/" + cancelled + "/cancel", alice.token(), null);

        b.go("/projects/" + project + "/runs");
        b.assertAccessible();
        b.find("#filter-flow option[value='" + flow + "']").click();
        b.find("#apply-filters").click();
        b.waitFor(d -> b.path().contains("flow=" + flow));
        List<String> seen = new ArrayList<>(ids());
        assertThat(seen).hasSize(50);
        assertThat(b.all("#runs tbody tr td:nth-child(2)")).extracting(WebElement::getText).allMatch(t -> t.startsWith(flow));
        b.screenshot("runs-list-filtered");
        b.find("#older-runs").click();
        b.waitFor(d -> b.path().contains("before="));
        seen.addAll(ids());
        assertThat(seen).as("two pages hold every run once").hasSize(55).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(started);
        assertThat(b.all("#older-runs")).isEmpty();
        assertThat(b.find("#newest-runs").isDisplayed()).isTrue();
        b.assertAccessible();

        b.go("/projects/" + project + "/runs?status=cancelled&flow=" + flow);
        assertThat(ids()).containsExactly(cancelled);
        assertThat(b.find("#filter-status").getAttribute("value")).isEqualTo("cancelled");
        b.go("/projects/" + project + "/runs?status=exploded");
        assertThat(b.find("[data-status]").getAttribute("data-status")).isEqualTo("400");
        assertThat(b.text()).contains("choose a status").doesNotContain("exploded");
    }

    @Test
    void aMemberOfAnotherProjectCannotOpenThisProjectsRunByUrl() throws Exception {
        String flow = ApiHarness.random("private");
        h.expect(201, "POST", flows(), alice.token(), Map.of("source", "name: " + flow + "\nsteps:\n  - {id: ask, message: "
                + "{subject: private question, fields: [{name: ok, type: boolean}]}}\n"));
        String runId = h.expect(202, "POST", flows() + "/" + flow + "/runs", alice.token(), Map.of()).json().path("id").asText();
        String bobSession = h.login(bob.username(), bob.password()).token();

        for (String path : List.of("/projects/" + project + "/runs/" + runId, "/projects/" + otherProject + "/runs/" + runId,
                "/projects/" + project + "/runs", "/projects/" + project + "/flows/" + flow)) {
            HttpResponse<String> r = page(path, bobSession);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.body()).as(path).doesNotContain(flow).doesNotContain("private question").doesNotContain(alice.username());
        }
        ApiHarness.Reply events = h.call("GET", "/api/v1/runs/" + runId + "/events", bob.token(), null);
        assertThat(events.status()).isEqualTo(404);
        assertThat(events.body()).doesNotContain(flow);
        // alice reaches it through her own project only
        assertThat(page("/projects/" + project + "/runs/" + runId, h.login(alice.username(), alice.password()).token()).statusCode())
                .isEqualTo(200);
    }

    private static String flows() {
        return "/api/v1/projects/" + project + "/flows";
    }

    private static String output(String name) {
        return textOf("#run-outputs tr[data-output='" + name + "'] td");
    }

    /** The text of the element {@code css} at this instant, read in one step (the live page replaces elements as the run moves). */
    private static String textOf(String css) {
        Object t = b.script("const e = document.querySelector(arguments[0]); return e ? e.innerText.trim() : null;", css);
        return t == null ? "" : t.toString();
    }

    private static List<String> ids() {
        return b.all("#runs tbody tr").stream().map(r -> r.getAttribute("data-run")).toList();
    }

    private static HttpResponse<String> page(String path, String session) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(h.api().address() + path)).header("Cookie", "fv_session=" + session).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
