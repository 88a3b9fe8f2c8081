package org.flowvault.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flowvault.cli.CliProcess;
import org.flowvault.platform.db.Database;
import org.flowvault.server.ApiHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's commands on the typed SDK against the real server (the server's ApiHarness: H2,
 * the embedded Vault-API server), each run as a child JVM the way a user runs it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliOverServerTest {
    private ApiHarness h;
    private ApiHarness.Session admin;
    private String project;

    @BeforeAll
    void start() {
        h = ApiHarness.open(Database.Dialect.H2);
        h.platform().startBackgroundJobs(Duration.ofMinutes(1)); // ApiHarness does not start the run workers
        admin = h.bootstrapAdmin();
        project = h.project(admin, "cli");
    }

    @AfterAll
    void stop() {
        h.close();
    }

    private CliProcess cli(Path home) {
        return new CliProcess(home, h.api().address(), admin.token(), project);
    }

    @Test
    void connectionsAreManagedAndADotNameCannotReachTheProject(@TempDir Path home) throws Exception {
        CliProcess cli = cli(home);

        CliProcess.Result create = cli.run("connection", "create", "api", "--type", "HTTP", "--value", "{\"url\": \"https://api.example.com\"}",
                "--description", "the API");
        assertThat(create.exit()).as("%s", create).isZero();
        assertThat(create.out()).contains("\"name\" : \"api\"", "\"created_at\"");
        assertThat(cli.run("connection", "list").out()).contains("api", "HTTP");
        CliProcess.Result resolve = cli.run("connection", "resolve", "api", "--set", "timeout_seconds=7");
        assertThat(resolve.out()).as("%s", resolve).contains("connection api (HTTP)", "timeout_seconds", "<- override");
        assertThat(cli.run("connection", "update", "api", "--rename", "api2").exit()).isZero();
        assertThat(cli.run("connection", "get", "api2").out()).contains("api.example.com");

        CliProcess.Result dots = cli.run("connection", "delete", "..");
        assertThat(dots.exit()).isEqualTo(1);
        assertThat(dots.err()).contains("HTTP 404");
        assertThat(cli.run("project", "list").out()).contains(project);

        assertThat(cli.run("connection", "delete", "api2").out()).contains("deleted connection api2");
        CliProcess.Result gone = cli.run("connection", "get", "api2");
        assertThat(gone.exit()).isEqualTo(1);
        assertThat(gone.err()).startsWith("Error: ").contains("(HTTP 404)");
    }

    @Test
    void aFlowIsAppliedRunWaitedForAnsweredAndLogged(@TempDir Path home) throws Exception {
        CliProcess cli = cli(home);
        Path flow = home.resolve("ask.yaml");
        Files.writeString(flow, """
                name: ask
                inputs:
                  region: {type: string, required: true}
                steps:
                  - id: ask
                    message:
                      subject: Approve
                      fields:
                        - {name: pin, type: string, label: "PIN", secret: true, required: true}
                outputs:
                  pin: ${{ steps.ask.outputs.pin }}
                  region: ${{ inputs.region }}
                """);

        assertThat(cli.run("flow", "apply", flow.toString()).out()).contains("applied ask version 1");
        assertThat(cli.run("flow", "list").out().lines()).anyMatch(l -> l.matches("ask\\s+1\\s.*"));
        CliProcess.Result waiting = cli.run("run", "ask", "--wait", "--input", "region=eu");
        assertThat(waiting.out()).as("%s", waiting).contains("WAITING_FOR_INPUT", "answer with: flowvault input");
        String id = waiting.out().substring(4, 40);
        CliProcess.Result answered = cli.runWithInput("1234-secret-pin\n", "input", id, "pin=-");
        assertThat(answered.exit()).as("%s", answered).isZero();
        CliProcess.Result done = cli.run("run", "ask", "--wait", "--input", "region=us", "--timeout", "1");
        assertThat(done.out()).contains("WAITING_FOR_INPUT");
        assertThat(cli.run("runs", "--limit", "5").out()).contains(id);
        CliProcess.Result logs = cli.run("logs", id);
        assertThat(logs.exit()).as("%s", logs).isZero();
        assertThat(cli.run("cancel", id).out()).contains(id);
        for (CliProcess.Result r : new CliProcess.Result[] {waiting, answered, done, logs}) {
            assertThat(r.out() + r.err()).doesNotContain("1234-secret-pin");
        }
    }

    @Test
    void anAdminNarrowsAProjectsTaskEgressAndABadEntryIsNotEchoed(@TempDir Path home) throws Exception {
        CliProcess cli = cli(home);
        String narrowed = ApiHarness.random("narrow");
        CliProcess.Result create = cli.run("project", "create", narrowed, "--task-egress", "db.internal,10.1.0.0/16");
        assertThat(create.exit()).as("%s", create).isZero();
        assertThat(h.expect(200, "GET", "/api/v1/projects", admin.token(), null).json().toString())
                .contains("\"name\":\"" + narrowed + "\"", "\"task_egress\":[\"db.internal\",\"10.1.0.0/16\"]");
        CliProcess.Result set = cli.run("project", "egress", narrowed, "--task-egress", "127.0.0.1:8443");
        assertThat(set.out()).as("%s", set).contains("narrows task egress to 127.0.0.1:8443");
        CliProcess.Result bad = cli.run("project", "egress", narrowed, "--task-egress", "ok.example,bad host SECRET-cli");
        assertThat(bad.exit()).as("%s", bad).isNotZero();
        assertThat(bad.err()).contains("task_egress entry 2 is not");
        assertThat(bad.out() + bad.err()).doesNotContain("SECRET-cli");
        CliProcess.Result clear = cli.run("project", "egress", narrowed, "--clear");
        assertThat(clear.out()).as("%s", clear).contains("uses the operator's task egress allow-list");
    }

    @Test
    void usersApiKeysAndVaultConfigurationsAreManaged(@TempDir Path home) throws Exception {
        CliProcess cli = cli(home);
        String dora = ApiHarness.random("dora");

        CliProcess.Result user = cli.run("user", "create", dora);
        assertThat(user.out()).as("%s", user).contains("created member " + dora, "password (shown only now)");
        assertThat(cli.run("user", "list").out()).contains(dora);
        assertThat(cli.run("project", "add-member", project, dora).out()).contains("added " + dora);

        CliProcess.Result key = cli.run("api-key", "create", "ci");
        assertThat(key.out().strip()).isNotBlank();
        CliProcess withKey = new CliProcess(home, h.api().address(), key.out().strip(), project);
        assertThat(withKey.run("api-key", "list").out()).contains("ci", "active");

        CliProcess.Result config = cli.run("vault-config", "create", "local", "--url", h.vaultAddress(), "--scope", project,
                "--auth-method", "user_token", "--cache-ttl", "1h30m");
        assertThat(config.exit()).as("%s", config).isZero();
        assertThat(config.out()).contains("\"cache_ttl_seconds\" : 5400");
        assertThat(cli.run("vault-config", "list").out()).contains("local", "user_token");
        CliProcess.Result badTtl = cli.run("vault-config", "update", "local", "--cache-ttl", "soon");
        assertThat(badTtl.err()).contains("--cache-ttl is seconds or a duration");
        String vaultToken = h.vaultToken(Duration.ofHours(1), h.kvPolicy("", "read", "create", "update"));
        CliProcess.Result auth = cli.runWithInput(vaultToken + "\n", "vault-config", "authenticate", "local", "--stdin");
        assertThat(auth.out()).as("%s", auth).contains("registered your Vault token for local");
        assertThat(cli.run("vault-config", "test", "local").out()).startsWith("OK");
        CliProcess.Result write = cli.runWithInput("s3cret-value\n", "vault-config", "write-secret", "local", "secret/cli/demo", "password=-");
        assertThat(write.out()).as("%s", write).contains("wrote [password]");
        for (CliProcess.Result r : new CliProcess.Result[] {auth, write, config}) {
            assertThat(r.out() + r.err()).doesNotContain(vaultToken).doesNotContain("s3cret-value");
        }
    }

    @Test
    void listCommandsPrintTablesWithHeadersAndEveryReadCommandPrintsJsonOnRequest(@TempDir Path home) throws Exception {
        CliProcess cli = cli(home);
        assertThat(cli.run("connection", "create", "tabled", "--type", "HTTP", "--value", "{\"url\": \"https://t.example.com\"}").exit()).isZero();
        Map<List<String>, String> headers = Map.of(
                List.of("connection", "list"), "NAME  ",
                List.of("flow", "list"), "NAME",
                List.of("runs"), "ID",
                List.of("user", "list"), "USERNAME",
                List.of("project", "list"), "NAME",
                List.of("api-key", "list"), "ID",
                List.of("vault-config", "list"), "NAME",
                List.of("credential", "list"), "ID",
                List.of("credential", "key", "list"), "VERSION");
        ObjectMapper json = new ObjectMapper();
        for (Map.Entry<List<String>, String> e : headers.entrySet()) {
            CliProcess.Result text = cli.run(e.getKey().toArray(String[]::new));
            assertThat(text.exit()).as("%s: %s", e.getKey(), text).isZero();
            assertThat(text.out()).as("%s", e.getKey()).startsWith(e.getValue());

            List<String> args = new ArrayList<>(e.getKey());
            args.addAll(List.of("--output", "json"));
            CliProcess.Result asJson = cli.run(args.toArray(String[]::new));
            assertThat(asJson.exit()).as("%s: %s", args, asJson).isZero();
            assertThat(json.readTree(asJson.out()).isArray()).as("%s", args).isTrue();
        }
        JsonNode one = json.readTree(cli.run("connection", "get", "tabled", "-o", "json").out());
        assertThat(one.get("name").asText()).isEqualTo("tabled");
        assertThat(json.readTree(cli.run("connection", "list", "-o", "json").out()).findValuesAsText("name")).contains("tabled");
        assertThat(cli.run("connection", "get", "tabled").out()).contains("name:", "tabled", "type:", "HTTP");
        CliProcess.Result resolved = cli.run("connection", "resolve", "tabled", "--output", "json");
        assertThat(json.readTree(resolved.out()).at("/inputs/url").asText()).as("%s", resolved).isEqualTo("https://t.example.com");

        CliProcess.Result bad = cli.run("connection", "list", "--output", "yaml");
        assertThat(bad.exit()).isNotZero();
        assertThat(bad.err()).contains("--output is text or json").doesNotContain("Exception");
    }
}
