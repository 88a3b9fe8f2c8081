package org.flowvault.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.db.TestH2Server;
import org.flowvault.server.ApiHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each task type end to end over the REST API: the peer's credentials live only in the embedded
 * Vault (KV v2 under alice's prefix), the connection references them ({@code vault_secrets} and
 * {@code vault.secret(...)}), alice's own token (registered over the API) reads them, and no API
 * answer ever shows them.
 */
class TaskTypesEndToEndTest {
    private static World w;

    @BeforeAll
    static void start() {
        w = World.open(Database.Dialect.H2);
    }

    @AfterAll
    static void stop() {
        w.close();
    }

    @Test
    void sqlTaskReadsAnH2DatabaseWithCredentialsOnlyInVault() throws Exception {
        String user = "U" + UUID.randomUUID().toString().replace("-", "").substring(0, 10).toUpperCase();
        String password = w.newSecret("h2pw");
        String url = TestH2Server.shared().newDatabase(user, password);
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE greeting (v VARCHAR(40))");
            s.execute("INSERT INTO greeting VALUES ('hello-h2')");
        }
        String secretPath = ApiHarness.random("h2");
        w.vaultSecret(secretPath, Map.of("user", user, "password", password));
        String conn = ApiHarness.random("h2");
        w.connection(conn, "SQL", "url: \"" + url + "\"\nuser: vault.secret(user)\npassword: vault.secret(password)\n",
                List.of(w.attached(secretPath)));
        String flow = ApiHarness.random("sql");
        w.applyOk("""
                name: %s
                steps:
                  - id: q
                    connection: %s
                    inputs: {execute: "SELECT v FROM greeting"}
                outputs:
                  v: ${{ steps.q.outputs.rows[0].V }}  # H2 folds unquoted names to upper case
                  n: ${{ steps.q.outputs.row_count }}
                """.formatted(flow, conn));

        JsonNode run = w.run(flow, Map.of());

        assertThat(run.path("status").asText()).as("%s", run).isEqualTo("succeeded");
        assertThat(run.path("outputs").path("v").asText()).isEqualTo("hello-h2");
        assertThat(run.path("outputs").path("n").asInt()).isEqualTo(1);
        w.logs(w.alice, run);
        w.assertNoSecretInAnyAnswer();
    }

    @Test
    void sqlTaskReadsPostgresAsARoleWhoseCredentialsAreOnlyInVault() throws Exception {
        String pg = System.getenv("FLOWVAULT_TEST_POSTGRES_URL");
        Assumptions.assumeTrue(pg != null && !pg.isBlank(),
                "FLOWVAULT_TEST_POSTGRES_URL is not set: skipping the PostgreSQL SQL-task test (set it to a jdbc:postgresql:// URL)");
        String role = "e2e_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String password = w.newSecret("pgpw");
        try (Connection c = DriverManager.getConnection(pg); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'");
        }
        String secretPath = ApiHarness.random("pg");
        w.vaultSecret(secretPath, Map.of("user", role, "password", password));
        String conn = ApiHarness.random("pg");
        String bareUrl = pg.contains("?") ? pg.substring(0, pg.indexOf('?')) : pg;
        w.connection(conn, "SQL", Map.of("url", bareUrl, "user", "vault.secret(user)", "password", "vault.secret(password)"),
                List.of(w.attached(secretPath)));
        String flow = ApiHarness.random("pgsql");
        w.applyOk("""
                name: %s
                steps:
                  - id: q
                    connection: %s
                    inputs: {execute: "SELECT CASE WHEN current_user = '%s' THEN 'as-the-role' ELSE 'someone-else' END AS who"}
                outputs:
                  who: ${{ steps.q.outputs.rows[0].who }}
                """.formatted(flow, conn, role));

        JsonNode run = w.run(flow, Map.of());

        assertThat(run.path("status").asText()).as("%s", run).isEqualTo("succeeded");
        assertThat(run.path("outputs").path("who").asText()).isEqualTo("as-the-role");
        w.logs(w.alice, run);
        w.assertNoSecretInAnyAnswer();
    }

    @Test
    void httpTaskAuthenticatesWithBasicAndBearerCredentialsFromVault() {
        String user = "svc-" + UUID.randomUUID().toString().substring(0, 8);
        String password = w.newSecret("httppw");
        String token = w.newSecret("bearer");
        try (TestHttpServer basic = TestHttpServer.basic(user, password); TestHttpServer bearer = TestHttpServer.bearer(token)) {
            String secretPath = ApiHarness.random("http");
            w.vaultSecret(secretPath, Map.of("username", user, "password", password, "token", token));
            String basicConn = ApiHarness.random("basic");
            w.connection(basicConn, "HTTP", Map.of("url", basic.url("/basic"), "auth", "basic",
                    "username", "vault.secret(username)", "password", "vault.secret(password)"), List.of(w.attached(secretPath)));
            String bearerConn = ApiHarness.random("bearer");
            // no vault_secrets: the Cloudomation-style full reference names configuration, path and key
            w.connection(bearerConn, "HTTP", Map.of("url", bearer.url("/bearer"), "auth", "bearer",
                    "token", "vault.secret(" + w.attached(secretPath) + ".token)"), List.of());
            String flow = ApiHarness.random("http");
            w.applyOk("""
                    name: %s
                    steps:
                      - {id: b, connection: %s}
                      - {id: t, connection: %s}
                    outputs:
                      basic_status: ${{ steps.b.outputs.status }}
                      bearer_status: ${{ steps.t.outputs.status }}
                    """.formatted(flow, basicConn, bearerConn));

            JsonNode run = w.run(flow, Map.of());

            assertThat(run.path("status").asText()).as("%s", run).isEqualTo("succeeded");
            assertThat(run.path("outputs").path("basic_status").asInt()).isEqualTo(200);
            assertThat(run.path("outputs").path("bearer_status").asInt()).isEqualTo(200);
            assertThat(basic.seen()).anySatisfy(s -> assertThat(s.password()).isEqualTo(password));
            assertThat(bearer.seen()).anySatisfy(s -> assertThat(s.bearer()).isEqualTo(token));
            w.logs(w.alice, run);
            w.assertNoSecretInAnyAnswer();
        }
    }

    @Test
    void gitTaskReadsAFileOverSmartHttpWithBasicAuthFromVault() {
        String user = "git-" + UUID.randomUUID().toString().substring(0, 8);
        String password = w.newSecret("gitpw");
        try (TestGitServer git = new TestGitServer(user, password, "# e2e readme\n")) {
            String secretPath = ApiHarness.random("git");
            w.vaultSecret(secretPath, Map.of("username", user, "password", password));
            String conn = ApiHarness.random("git");
            w.connection(conn, "GIT", "repository_url: " + git.url() + "\nusername: vault.secret(username)\npassword: vault.secret(password)\n",
                    List.of(w.attached(secretPath)));
            String flow = ApiHarness.random("git");
            w.applyOk("""
                    name: %s
                    steps:
                      - {id: meta, connection: %s, inputs: {command: metadata, ref: main}}
                      - {id: file, connection: %s, inputs: {command: read_file, ref: main, path: README.md}}
                      - {id: refs, connection: %s, inputs: {command: ls_remote}}
                    outputs:
                      commit: ${{ steps.meta.outputs.commit }}
                      author: ${{ steps.meta.outputs.author_name }}
                      content: ${{ steps.file.outputs.content }}
                      main: ${{ steps.refs.outputs.refs['refs/heads/main'] }}
                    """.formatted(flow, conn, conn, conn));

            JsonNode run = w.run(flow, Map.of());

            assertThat(run.path("status").asText()).as("%s", run).isEqualTo("succeeded");
            assertThat(run.path("outputs").path("commit").asText()).isEqualTo(git.commitId());
            assertThat(run.path("outputs").path("author").asText()).isEqualTo("E2E Author");
            assertThat(run.path("outputs").path("content").asText()).isEqualTo("# e2e readme\n");
            assertThat(run.path("outputs").path("main").asText()).isEqualTo(git.commitId());
            w.logs(w.alice, run);
            w.assertNoSecretInAnyAnswer();
        }
    }

    @Test
    void vaultTaskWritesAndReadsBackWithTheUsersTokenAndMasksTheReadValue() {
        String password = w.newSecret("dbpw");
        String source = ApiHarness.random("src");
        String copy = ApiHarness.random("copy");
        w.vaultSecret(source, Map.of("password", password));
        String conn = ApiHarness.random("kv");
        w.connection(conn, "VAULT", Map.of("vault_config", w.config, "path", "secret/" + w.prefix + "/" + copy,
                "data", Map.of("password", "vault.secret(password)")), List.of(w.attached(source)));
        String flow = ApiHarness.random("vault");
        w.applyOk("""
                name: %s
                steps:
                  - {id: write, connection: %s, inputs: {command: write}}
                  - {id: read, connection: %s, inputs: {command: read}}
                outputs:
                  version: ${{ steps.write.outputs.version }}
                  password: ${{ steps.read.outputs.data.password }}
                """.formatted(flow, conn, conn));

        JsonNode run = w.run(flow, Map.of());

        assertThat(run.path("status").asText()).as("%s", run).isEqualTo("succeeded");
        assertThat(run.path("outputs").path("version").asInt()).isEqualTo(1);
        assertThat(run.path("outputs").path("password").asText()).isEqualTo("****");
        assertThat(run.path("sensitive_outputs").toString()).contains("password");
        JsonNode stored = w.h.vaultRoot("GET", "secret/data/" + w.prefix + "/" + copy, null);
        assertThat(stored.path("data").path("data").path("password").asText()).isEqualTo(password);
        w.logs(w.alice, run);
        w.assertNoSecretInAnyAnswer();
        // the user who ran it may reveal it (that answer is the one place the value is shown)
        JsonNode revealed = w.unrecorded("POST", "/api/v1/runs/" + run.path("id").asText() + "/reveal", w.alice);
        assertThat(revealed.path("outputs").path("password").asText()).isEqualTo(password);
    }
}
