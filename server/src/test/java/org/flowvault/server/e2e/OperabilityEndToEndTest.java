package org.flowvault.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.db.TestH2Server;
import org.flowvault.server.ApiHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What an operator sees while members resolve connections and run flows: {@code /metrics} moves
 * (resolutions by outcome, cache hits and misses, Vault requests of the configuration, runs by
 * status and duration) without showing any secret, path or user value; the access log names route
 * templates, statuses and users, never the values in a path; each run logs its start and end.
 */
class OperabilityEndToEndTest {
    private static World w;

    @BeforeAll
    static void start() {
        w = World.open(Database.Dialect.H2);
    }

    @AfterAll
    static void stop() {
        w.close();
    }

    private static String scrape() {
        ApiHarness.Reply r = w.h.expect(200, "GET", "/metrics", null, null);
        return r.body();
    }

    /** The value of the sample {@code name{labels}} (labels as Prometheus writes them, in order), 0 when absent. */
    static double sample(String body, String name, String labels) {
        String series = Pattern.quote(name) + (labels.isEmpty() ? "" : "\\{" + Pattern.quote(labels) + "}");
        Matcher m = Pattern.compile("^" + series + " (\\S+)$", Pattern.MULTILINE).matcher(body);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void metricsMoveAsResolutionsCacheHitsAndRunsHappenAndShowNoSecret() {
        String password = w.newSecret("metrics-pw");
        String path = ApiHarness.random("metrics");
        w.vaultSecret(path, Map.of("password", password));
        String conn = ApiHarness.random("db");
        w.connection(conn, "SQL", Map.of("url", TestH2Server.shared().newDatabase("sa", password), "user", "sa",
                "password", "vault.secret(password)"), List.of(w.attached(path)));
        String broken = ApiHarness.random("broken");
        w.connection(broken, "SQL", Map.of("url", TestH2Server.shared().newDatabase(), "password", "vault.secret(no_such_key)"),
                List.of(w.attached(path)));
        String flow = ApiHarness.random("m");
        w.applyOk("""
                name: %s
                steps:
                  - {id: q, connection: %s, inputs: {execute: "SELECT 1 AS one"}}
                """.formatted(flow, conn));
        String config = "configuration=\"" + w.config + "\"";
        String before = scrape();

        String resolve = "/api/v1/projects/" + w.project + "/connections/";
        w.h.expect(200, "POST", resolve + conn + "/resolve", w.alice.token(), Map.of());
        w.h.expect(200, "POST", resolve + conn + "/resolve", w.alice.token(), Map.of());
        w.h.expect(404, "POST", resolve + broken + "/resolve", w.alice.token(), Map.of());
        JsonNode run = w.run(flow, Map.of());
        assertThat(run.path("status").asText()).as("%s", run).isEqualTo("succeeded");
        String after = scrape();

        assertThat(sample(after, "flowvault_resolutions_total", "outcome=\"success\"")
                - sample(before, "flowvault_resolutions_total", "outcome=\"success\"")).isGreaterThanOrEqualTo(3);
        assertThat(sample(after, "flowvault_resolutions_total", "outcome=\"not_found\"")
                - sample(before, "flowvault_resolutions_total", "outcome=\"not_found\"")).isEqualTo(1);
        assertThat(sample(after, "flowvault_secret_cache_hits_total", "") - sample(before, "flowvault_secret_cache_hits_total", ""))
                .as("the second resolution and the run read the cached secret").isGreaterThanOrEqualTo(2);
        assertThat(sample(after, "flowvault_secret_cache_misses_total", "") - sample(before, "flowvault_secret_cache_misses_total", ""))
                .isGreaterThanOrEqualTo(1);
        assertThat(sample(after, "flowvault_vault_requests_seconds_count", config + ",outcome=\"success\"")
                - sample(before, "flowvault_vault_requests_seconds_count", config + ",outcome=\"success\"")).isGreaterThanOrEqualTo(1);
        assertThat(sample(after, "flowvault_run_duration_seconds_count", "status=\"succeeded\"")
                - sample(before, "flowvault_run_duration_seconds_count", "status=\"succeeded\"")).isEqualTo(1);
        assertThat(after).contains("flowvault_run_queue_depth ", "flowvault_runs{status=\"queued\"}", "flowvault_tokens_expiring ",
                "flowvault_token_renewals_total{outcome=\"renewed\"}", "hikaricp_connections_active{pool=\"flowvault-db\"}",
                "jvm_memory_used_bytes", "flowvault_secret_cache_stale_serves_total");
        // labels are configuration names and fixed outcomes only: no path, connection, project or user
        assertThat(after).doesNotContain(path, w.prefix, conn, broken, w.project, w.alice.username());
        w.assertNoSecretIn(after);
    }

    @Test
    void accessLogNamesRouteTemplatesAndUsersAndEachRunLogsItsStartAndEnd() {
        String conn = ApiHarness.random("plain");
        w.connection(conn, "SQL", Map.of("url", TestH2Server.shared().newDatabase(), "user", "sa"), List.of());
        String flow = ApiHarness.random("logged");
        w.applyOk("""
                name: %s
                steps:
                  - {id: q, connection: %s, inputs: {execute: "SELECT 1 AS one"}}
                """.formatted(flow, conn));
        JsonNode run = w.run(flow, Map.of());
        String id = run.path("id").asText();
        w.h.call("GET", "/api/v1/projects/" + w.project + "/connections?secret-looking-query=" + w.newSecret("q"), w.alice.token(), null);
        scrape();

        List<String> lines = w.h.logLines();
        List<String> access = lines.stream().filter(l -> l.startsWith("org.flowvault.access ")).toList();
        assertThat(access).anySatisfy(l -> assertThat(l)
                .contains("POST /api/v1/projects/{project}/flows/{name}/runs 202 ").contains("user=" + w.alice.username()));
        assertThat(access).anySatisfy(l -> assertThat(l).contains("GET /api/v1/projects/{project}/connections 200 "));
        assertThat(access).anySatisfy(l -> assertThat(l).contains("GET /metrics ").contains("user=-"));
        assertThat(access).noneSatisfy(l -> assertThat(l).contains(w.project));
        assertThat(access).noneSatisfy(l -> assertThat(l).contains(flow));
        assertThat(access).noneSatisfy(l -> assertThat(l).contains("secret-looking-query"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("org.flowvault.run run " + id + " started: flow '" + flow + "'"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("org.flowvault.run run " + id + " ended: " + run.path("status").asText()));
        w.assertNoSecretIn(String.join("\n", lines));
    }
}
