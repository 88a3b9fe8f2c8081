package org.flowvault.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.db.TestH2Server;
import org.flowvault.server.ApiHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A flow that prints its password — a peer echoing the Authorization header and the password
 * (plain, base64, URL-encoded) in its answer, a SQL query selecting it, a sensitive run input, a
 * driver error quoting it — shows it masked in the run, its outputs, logs, message and error, and
 * in every other API answer; a secret that an input normalises before rejecting it shows in no
 * form at all. (The CLI side is {@code org.flowvault.cli.e2e.CliMaskingTest}.)
 */
class MaskingEndToEndTest {
    private static final String NOWHERE = "http://127.0.0.1:1/never-called";
    private static World w;

    @BeforeAll
    static void start() {
        w = World.open(Database.Dialect.H2);
    }

    @AfterAll
    static void stop() {
        w.close();
    }

    /** A password with characters that URL and JSON encodings change. */
    private static String password() {
        return w.secret("p@ss w/rd+" + UUID.randomUUID() + "\"é");
    }

    @Test
    void aFlowThatEchoesItsPasswordShowsItMaskedInEveryAnswer() {
        String password = password();
        String inputSecret = w.newSecret("input-secret");
        try (TestHttpServer echo = TestHttpServer.basic("svc", password)) {
            String secretPath = ApiHarness.random("mask");
            w.vaultSecret(secretPath, Map.of("password", password));
            String http = ApiHarness.random("echo");
            w.connection(http, "HTTP", Map.of("url", echo.url("/echo"), "auth", "basic", "username", "svc",
                    "password", "vault.secret(password)"), List.of(w.attached(secretPath)));
            String sql = ApiHarness.random("db");
            w.connection(sql, "SQL", Map.of("url", TestH2Server.shared().newDatabase("sa", password),
                    "user", "sa", "secret_value", "vault.secret(password)"), List.of(w.attached(secretPath)));
            String flow = ApiHarness.random("echo");
            w.applyOk("""
                    name: %s
                    inputs:
                      api_password: {type: string, required: true}
                    steps:
                      - {id: echo, connection: %s, inputs: {query: {pw: "${{ inputs.api_password }}"}}}
                      - id: q
                        connection: %s
                        inputs:
                          execute: "SELECT ? AS p, ? AS b64, ? AS url, ? AS i"
                          params:
                            - ${{ steps.echo.outputs.json.password }}
                            - ${{ steps.echo.outputs.json.password_b64 }}
                            - ${{ steps.echo.outputs.json.password_url }}
                            - ${{ inputs.api_password }}
                    outputs:
                      body: ${{ steps.echo.outputs.body }}
                      echoed: ${{ steps.echo.outputs.json.password }}
                      authorization: ${{ steps.echo.outputs.json.authorization }}
                      selected: ${{ steps.q.outputs.rows[0] }}
                      input: ${{ inputs.api_password }}
                    """.formatted(flow, http, sql));

            // the peer echoes "Authorization: Basic base64(svc:password)": decodable, so a secret too
            w.secret(b64("svc:" + password));
            JsonNode run = w.run(flow, Map.of("api_password", inputSecret));

            assertThat(run.path("status").asText()).as("%s", run).isEqualTo("succeeded");
            assertThat(echo.seen()).anySatisfy(s -> assertThat(s.password()).isEqualTo(password));
            JsonNode out = run.path("outputs");
            assertThat(out.path("echoed").asText()).isEqualTo("****");
            assertThat(out.path("input").asText()).isEqualTo("****");
            assertThat(out.path("body").asText()).contains("****");
            assertThat(out.path("selected").toString()).contains("****");
            assertThat(run.path("inputs").path("api_password").asText()).isEqualTo("****");
            assertThat(run.path("sensitive_outputs").toString()).contains("echoed", "input", "selected");
            String logs = w.logs(w.alice, run);
            assertThat(logs).isNotBlank();
            w.assertNoSecretIn(logs);
            // the run again through every read route: get, list, logs
            w.h.expect(200, "GET", "/api/v1/runs/" + run.path("id").asText(), w.alice.token(), null);
            w.h.expect(200, "GET", "/api/v1/projects/" + w.project + "/runs", w.alice.token(), null);
            w.assertNoSecretInAnyAnswer();
        }
    }

    @Test
    void anErrorThatQuotesThePasswordIsMaskedInTheRunsErrorAndLogs() {
        String password = password();
        String secretPath = ApiHarness.random("err");
        w.vaultSecret(secretPath, Map.of("password", password));
        String sql = ApiHarness.random("db");
        // the connection binds the password as the statement's parameter (a reference inside a list)
        w.connection(sql, "SQL", Map.of("url", TestH2Server.shared().newDatabase("sa", password),
                "user", "sa", "params", List.of("vault.secret(password)")), List.of(w.attached(secretPath)));
        String flow = ApiHarness.random("err");
        // H2 quotes the value it cannot convert in its message
        w.applyOk("""
                name: %s
                steps:
                  - id: cast
                    connection: %s
                    inputs: {execute: "SELECT CAST(? AS INTEGER) AS n"}
                """.formatted(flow, sql));

        JsonNode run = w.run(flow, Map.of());

        assertThat(run.path("status").asText()).as("%s", run).isEqualTo("failed");
        assertThat(run.path("error").asText()).contains("cast").contains("****");
        String logs = w.logs(w.alice, run);
        assertThat(logs).contains("****");
        w.assertNoSecretIn(run.toString() + logs);
        w.assertNoSecretInAnyAnswer();
    }

    static Stream<Arguments> normalisedInputs() {
        String ref = "vault.secret(value)";
        return Stream.of(
                Arguments.of("HTTP", "method", Map.of("url", NOWHERE, "method", ref)),
                Arguments.of("SQL", "dialect", Map.of("dialect", ref, "host", "127.0.0.1", "database", "orders")),
                Arguments.of("HTTP", "auth", Map.of("url", NOWHERE, "auth", ref)),
                Arguments.of("VAULT", "command", Map.of("command", ref, "path", "secret/anything")),
                Arguments.of("GIT", "command", Map.of("command", ref, "repository_url", "https://127.0.0.1:1/team/app.git")));
    }

    /**
     * Finding 2 of issue 9, as a flow author hits it: a connection feeds a secret read from Vault
     * into an input that the task upper-cases, lower-cases or dash-normalises and then rejects —
     * HTTP {@code method} and {@code auth}, SQL {@code dialect}, VAULT and GIT {@code command}. The
     * run fails with an error naming the input, and the secret shows up in no form (as is, upper,
     * lower, {@code -}↔{@code _}, hex, base64, URL-encoded) in the run, its error, its logs, any API
     * answer, or any line the process logged (every level of our code is captured). Every input
     * fails validation before a connection is made, so no peer is needed.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("normalisedInputs")
    void aSecretRejectedByANormalisingInputIsShownInNoForm(String type, String field, Map<String, Object> value) {
        // upper and lower case, dashes: every normalisation changes it
        String secret = w.secret("My-Secret-Value-1-" + UUID.randomUUID().toString().substring(0, 8));
        String path = ApiHarness.random("normalised");
        w.vaultSecret(path, Map.of("value", secret));
        String connection = ApiHarness.random(type.toLowerCase(java.util.Locale.ROOT));
        w.connection(connection, type, value, List.of(w.attached(path)));
        String flow = ApiHarness.random("echo");
        w.applyOk("""
                name: %s
                steps:
                  - {id: call, connection: %s}
                """.formatted(flow, connection));

        JsonNode run = w.run(flow, Map.of());

        assertThat(run.path("status").asText()).as("%s", run).isEqualTo("failed");
        assertThat(run.path("error").asText()).contains(type + " input \"" + field + "\"");
        String logs = w.logs(w.alice, run);
        assertThat(logs).contains(type + " input \"" + field + "\"");
        String processLog = String.join("\n", w.h.logLines());
        for (String form : World.forms(secret)) {
            assertThat(run.toString()).as("the run shows %s", form).doesNotContainIgnoringCase(form);
            assertThat(logs).as("the run's logs show %s", form).doesNotContainIgnoringCase(form);
            assertThat(processLog).as("the process log shows %s", form).doesNotContainIgnoringCase(form);
        }
        w.h.expect(200, "GET", "/api/v1/runs/" + run.path("id").asText(), w.alice.token(), null);
        w.h.expect(200, "GET", "/api/v1/projects/" + w.project + "/runs", w.alice.token(), null);
        w.assertNoSecretInAnyAnswer();
    }
    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

}
