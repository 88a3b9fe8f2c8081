package org.flowvault.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.db.TestH2Server;
import org.flowvault.server.ApiHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad input over the REST API: a document that cannot be applied is refused (400, INVALID) with
 * its line and column; everything else a run meets (unknown connection, expression error, missing
 * input, SQL error, HTTP timeout) ends the run failed with an error that says what and where —
 * and no answer shows a secret.
 */
class BadInputEndToEndTest {
    private static World w;
    private static String password;
    private static String sqlConnection;

    @BeforeAll
    static void start() {
        w = World.open(Database.Dialect.H2);
        password = w.newSecret("bad-input-pw");
        String secretPath = ApiHarness.random("bad");
        w.vaultSecret(secretPath, Map.of("password", password));
        sqlConnection = ApiHarness.random("db");
        w.connection(sqlConnection, "SQL", Map.of("url", TestH2Server.shared().newDatabase("sa", password),
                "user", "sa", "secret_value", "vault.secret(password)"), List.of(w.attached(secretPath)));
    }

    @AfterAll
    static void stop() {
        w.close();
    }

    @Test
    void invalidYamlIsRefusedWithItsLineAndColumn() {
        ApiHarness.Reply r = w.apply("name: broken\nsteps:\n  - id: a\n    task: HTTP\n    inputs: {url: [unclosed\n");

        assertThat(r.status()).as("%s", r).isEqualTo(400);
        assertThat(r.reason()).isEqualTo("INVALID");
        assertThat(r.message()).containsPattern("line \\d+, column \\d+");
        w.assertNoSecretInAnyAnswer();
    }

    @Test
    void anUnknownTaskTypeIsRefusedListingTheKnownTypes() {
        ApiHarness.Reply r = w.apply("name: " + ApiHarness.random("unknown") + "\nsteps:\n  - id: a\n    task: TELEPORT\n");

        assertThat(r.status()).as("%s", r).isEqualTo(400);
        assertThat(r.reason()).isEqualTo("INVALID");
        assertThat(r.message()).contains("TELEPORT", "line 4", "SQL", "HTTP", "GIT", "VAULT");
    }

    @Test
    void anUnknownConnectionFailsTheRunNamingIt() {
        String missing = ApiHarness.random("nowhere");
        String flow = ApiHarness.random("noconn");
        w.applyOk("name: " + flow + "\nsteps:\n  - {id: a, task: HTTP, connection: " + missing + "}\n");

        JsonNode run = w.run(flow, Map.of());

        assertThat(run.path("status").asText()).as("%s", run).isEqualTo("failed");
        assertThat(run.path("error").asText()).contains(missing).contains("'a'");
        w.assertNoSecretInAnyAnswer();
    }

    @Test
    void anExpressionErrorFailsTheRunNamingStepInputAndColumn() {
        String flow = ApiHarness.random("expr");
        w.applyOk("""
                name: %s
                inputs: {name: string}
                steps:
                  - id: q
                    connection: %s
                    inputs: {execute: "SELECT 1", v: "${{ inputs.name.first }}"}
                """.formatted(flow, sqlConnection));

        JsonNode run = w.run(flow, Map.of("name", "plain text"));

        assertThat(run.path("status").asText()).as("%s", run).isEqualTo("failed");
        assertThat(run.path("error").asText()).contains("step 'q'", "input 'v'", "column", "first");
        assertThat(run.path("error").asText()).doesNotContain("plain text");
        w.assertNoSecretInAnyAnswer();
    }

    @Test
    void aMissingRequiredInputFailsTheRunNamingIt() {
        String flow = ApiHarness.random("needs");
        w.applyOk("""
                name: %s
                inputs:
                  region: {type: string, required: true}
                steps:
                  - {id: q, connection: %s, inputs: {execute: "SELECT 1"}}
                """.formatted(flow, sqlConnection));

        JsonNode run = w.run(flow, Map.of());

        assertThat(run.path("status").asText()).as("%s", run).isEqualTo("failed");
        assertThat(run.path("error").asText()).contains("region").containsIgnoringCase("required");
        w.assertNoSecretInAnyAnswer();
    }

    @Test
    void aSqlErrorFailsTheRunWithItsSqlStateAndNoSecret() {
        String flow = ApiHarness.random("sqlerr");
        w.applyOk("""
                name: %s
                steps:
                  - {id: q, connection: %s, inputs: {execute: "SELECT * FROM no_such_table"}}
                """.formatted(flow, sqlConnection));

        JsonNode run = w.run(flow, Map.of());

        assertThat(run.path("status").asText()).as("%s", run).isEqualTo("failed");
        assertThat(run.path("error").asText()).contains("step 'q'", "SQLState 42S04").containsIgnoringCase("no_such_table");
        String logs = w.logs(w.alice, run);
        assertThat(logs).contains("42S04");
        w.assertNoSecretInAnyAnswer();
    }

    @Test
    void anHttpTimeoutFailsTheRunNamingTheUrlAndTheTimeout() {
        try (TestHttpServer slow = TestHttpServer.basic("svc", password)) {
            String conn = ApiHarness.random("slow");
            String secretPath = ApiHarness.random("slow");
            w.vaultSecret(secretPath, Map.of("password", password));
            w.connection(conn, "HTTP", Map.of("url", slow.url("/hold/slow"), "auth", "basic", "username", "svc",
                    "password", "vault.secret(password)", "timeout_seconds", 1), List.of(w.attached(secretPath)));
            String flow = ApiHarness.random("timeout");
            w.applyOk("name: " + flow + "\nsteps:\n  - {id: call, connection: " + conn + "}\n");

            JsonNode run = w.run(flow, Map.of());

            assertThat(run.path("status").asText()).as("%s", run).isEqualTo("failed");
            assertThat(run.path("error").asText()).contains("step 'call'", slow.url("/hold/slow")).containsIgnoringCase("timed out")
                    .contains("after 1s", "timeout_seconds");
            w.assertNoSecretInAnyAnswer();
        }
    }
}
