package org.flowvault.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.flowvault.platform.db.Database;
import org.flowvault.server.ApiHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Finding 2 of issue 9, as a flow author hits it over the REST API: a connection feeds a secret
 * read from Vault into an input that the task upper-cases, lower-cases or dash-normalises and then
 * rejects — HTTP {@code method} and {@code auth}, SQL {@code dialect}, VAULT and GIT
 * {@code command}. The run fails with an error naming the input, and the secret shows up in no
 * form (as is, upper, lower, {@code -}↔{@code _}, hex, base64, URL-encoded) in the run, its error,
 * its logs, any API answer, or any line the process logged (every level of our code is captured).
 * Every input fails validation before a connection is made, so no peer is needed.
 * (The CLI side is {@code org.flowvault.cli.e2e.CliMaskingTest}.)
 */
class CaseChangedMaskingEndToEndTest {
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

    static Stream<Arguments> normalisedInputs() {
        String ref = "vault.secret(value)";
        return Stream.of(
                Arguments.of("HTTP", "method", Map.of("url", NOWHERE, "method", ref)),
                Arguments.of("SQL", "dialect", Map.of("dialect", ref, "host", "127.0.0.1", "database", "orders")),
                Arguments.of("HTTP", "auth", Map.of("url", NOWHERE, "auth", ref)),
                Arguments.of("VAULT", "command", Map.of("command", ref, "path", "secret/anything")),
                Arguments.of("GIT", "command", Map.of("command", ref, "repository_url", "https://127.0.0.1:1/team/app.git")));
    }

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
}
