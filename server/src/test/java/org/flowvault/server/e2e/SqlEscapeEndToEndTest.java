package org.flowvault.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.db.TestH2Server;
import org.flowvault.server.ApiHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The escapes of issue 9 through the SQL task, as a project member tries them over the REST API:
 * a flow opens an H2 database inside the server to read the server's files, to run Java through
 * H2's INIT, or to open the platform's own database; on PostgreSQL, a flow points a SQL step at
 * the platform's database. Loopback is on the egress list of these servers (their test peers
 * listen there), so nothing here is refused for being local: the SQL sandbox refuses it.
 */
class SqlEscapeEndToEndTest {

    private static JsonNode runSql(World w, String url, String user, String sql) {
        String flow = ApiHarness.random("escape");
        w.applyOk("""
                name: %s
                steps:
                  - id: q
                    task: SQL
                    inputs: {url: %s, user: %s, execute: %s}
                outputs:
                  rows: ${{ steps.q.outputs.rows }}
                """.formatted(flow, json(url), json(user), json(sql)));
        return w.run(flow, Map.of());
    }

    /** The platform database's URL as its driver reports it. */
    private static String ownUrl(World w) throws java.sql.SQLException {
        try (Connection c = w.h.platform().database().dataSource().getConnection()) {
            return c.getMetaData().getURL();
        }
    }

    private static String json(String s) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(s);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertRefusedAsInput(JsonNode run, String teaching) {
        assertThat(run.path("status").asText()).as("%s", run).isEqualTo("failed");
        assertThat(run.path("error").asText()).contains("step 'q' (SQL)").contains(teaching);
        assertThat(run.path("outputs").path("rows").isMissingNode()).as("%s", run).isTrue();
    }

    @Test
    void aFlowCannotReadTheServersKeyFilesThroughAnInProcessH2(@TempDir Path dataDir) throws Exception {
        try (World w = World.open(Database.Dialect.H2)) {
            String unseal = w.newSecret("unseal-key");
            String root = w.newSecret("hvs.root");
            Path keys = Files.createDirectories(dataDir.resolve("vault")).resolve("dev-keys.json");
            Files.writeString(keys, "{\"unseal_keys\":[\"" + unseal + "\"],\"root_token\":\"" + root + "\"}");

            JsonNode run = runSql(w, "jdbc:h2:mem:x", "sa", "SELECT FILE_READ('" + keys + "', NULL) AS k");

            assertRefusedAsInput(run, "jdbc:h2:tcp://host:port/name");
            w.logs(w.alice, run);
            w.assertNoSecretInAnyAnswer();
        }
    }

    @Test
    void aFlowCannotRunJavaInTheServerThroughH2Init() {
        String marker = "flowvault.e2e.marker." + UUID.randomUUID().toString().substring(0, 8);
        try (World w = World.open(Database.Dialect.H2)) {
            String value = w.newSecret("system-property");
            System.setProperty(marker, value);
            JsonNode run = runSql(w, "jdbc:h2:mem:z;INIT=CREATE ALIAS IF NOT EXISTS GETP FOR 'java.lang.System.getProperty(java.lang.String)'",
                    "sa", "SELECT GETP('" + marker + "') AS p");

            assertRefusedAsInput(run, "jdbc:h2:tcp://host:port/name");
            w.logs(w.alice, run);
            w.assertNoSecretInAnyAnswer();
        } finally {
            System.clearProperty(marker);
        }
    }

    @Test
    void aFlowCannotOpenThePlatformsOwnH2Database() throws Exception {
        try (World w = World.open(Database.Dialect.H2)) {
            String own = ownUrl(w);
            String admin = w.admin.username();
            for (String url : List.of(own, own + ";IFEXISTS=TRUE", own.toUpperCase(java.util.Locale.ROOT))) {
                JsonNode run = runSql(w, url, "sa", "SELECT username FROM users");
                assertRefusedAsInput(run, "jdbc:h2:tcp://host:port/name");
                assertThat(run.toString()).doesNotContain(admin);
            }
        }
    }

    /** Skipped unless FLOWVAULT_TEST_POSTGRES_URL is set: the platform runs on a schema of that database. */
    @Test
    void aFlowCannotQueryThePlatformsOwnPostgresqlDatabase() throws Exception {
        try (World w = World.open(Database.Dialect.POSTGRESQL)) {
            String own = ownUrl(w);
            String admin = w.admin.username();
            for (String url : List.of(own, own.replace("127.0.0.1", "localhost"), own.replace("//127.0.0.1:5432/", "//[::1]:5432/"))) {
                JsonNode run = runSql(w, url, "postgres", "SELECT username FROM users");
                assertThat(run.path("status").asText()).as("%s", run).isEqualTo("failed");
                assertThat(run.path("error").asText()).as("%s", url).contains("the platform's own database");
                assertThat(run.toString()).doesNotContain(admin);
            }
        }
    }

    @Test
    void urlVariantsAndPropertiesGivenAsInputsAreRefusedToo() {
        try (World w = World.open(Database.Dialect.H2)) {
            String port = String.valueOf(TestH2Server.shared().port());
            for (String url : List.of("jdbc:h2:./e2e" + UUID.randomUUID().toString().substring(0, 8), "JDBC:H2:MEM:x",
                    "jdbc:h2:tcp://127.0.0.1:" + port + "/../escape", "jdbc:h2:zip:/tmp/x.zip!/x")) {
                assertRefusedAsInput(runSql(w, url, "sa", "SELECT 1"), "jdbc:h2:tcp://host");
            }
            String flow = ApiHarness.random("props");
            w.applyOk("""
                    name: %s
                    steps:
                      - id: q
                        task: SQL
                        inputs:
                          url: jdbc:postgresql://127.0.0.1:5432/test
                          properties: {socketFactory: org.example.Evil, sslkey: /etc/flowvault/master.key}
                          execute: SELECT 1
                    """.formatted(flow));
            JsonNode run = w.run(flow, Map.of());
            assertThat(run.path("error").asText()).as("%s", run).containsAnyOf("driver property \"socketFactory\"", "driver property \"sslkey\"")
                    .doesNotContain("org.example.Evil").doesNotContain("master.key");
        }
    }
}
