package org.flowvault.platform.task.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.flowvault.platform.StandardTasks;
import org.flowvault.platform.db.TestH2Server;
import org.flowvault.platform.masking.Masker;
import org.flowvault.platform.task.Egress;
import org.flowvault.platform.task.TaskContext;
import org.flowvault.platform.task.TaskException;
import org.flowvault.platform.task.TaskRegistry;
import org.flowvault.platform.task.TaskResult;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqlTaskTest {
    static final String POSTGRES_ENV = "FLOWVAULT_TEST_POSTGRES_URL";
    static final String MARIADB_ENV = "FLOWVAULT_TEST_MARIADB_URL";

    private final SqlTask task = new SqlTask();

    /** A new database on the test H2 TCP server (the SQL task opens H2 only remotely); its admin is "" with no password. */
    private static String h2() {
        return TestH2Server.shared().newDatabase("", "");
    }

    private static String table() {
        return "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** The test databases listen on loopback, which steps may reach only when the egress list names it. */
    static TaskContext context(Masker masker) {
        return TaskContext.builder(masker).egress(Egress.of(List.of("127.0.0.1"))).build();
    }

    private TaskResult run(Map<String, Object> inputs) {
        return task.execute(inputs, context(new Masker()));
    }

    static Map<String, Object> inputs(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void runsStatementsInOneTransactionAndReturnsRowsAsJsonFriendlyValues() {
        String url = h2();
        String t = table();
        TaskResult r = run(inputs("url", url, "user", "", "password", "", "statements", List.of(
                "CREATE TABLE " + t + " (id INT PRIMARY KEY, name VARCHAR(50), price DECIMAL(10,2), born DATE, ok BOOLEAN)",
                Map.of("execute", "INSERT INTO " + t + " VALUES (?, ?, ?, DATE '2020-02-29', ?)", "params", List.of(1, "ada", 9.5, true)),
                Map.of("execute", "INSERT INTO " + t + " VALUES (:id, :name, 1, NULL, :ok)", "params", Map.of("id", 2, "name", "bob's", "ok", false)),
                "SELECT id, name, price, born, ok FROM " + t + " ORDER BY id")));
        assertThat(r.outputs().get("columns")).isEqualTo(List.of("ID", "NAME", "PRICE", "BORN", "OK"));
        List<Map<String, Object>> rows = rows(r);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsEntry("ID", 1).containsEntry("NAME", "ada").containsEntry("BORN", "2020-02-29")
                .containsEntry("OK", true);
        assertThat(rows.get(0).get("PRICE").toString()).isEqualTo("9.50");
        assertThat(rows.get(1)).containsEntry("NAME", "bob's").containsEntry("BORN", null);
        assertThat((List<?>) r.outputs().get("results")).hasSize(4);
        assertThat(((Map<?, ?>) ((List<?>) r.outputs().get("results")).get(1)).get("update_count")).isEqualTo(1L);
    }

    @Test
    void parametersAreBoundNeverConcatenated() {
        String url = h2();
        String t = table();
        run(inputs("url", url, "execute", "CREATE TABLE " + t + " (name VARCHAR(100))"));
        String hostile = "x'); DROP TABLE " + t + "; --";
        run(inputs("url", url, "execute", "INSERT INTO " + t + " VALUES (:name)", "params", Map.of("name", hostile)));
        TaskResult r = run(inputs("url", url, "execute", "SELECT name FROM " + t + " WHERE name = ?", "params", List.of(hostile)));
        assertThat(rows(r)).containsExactly(nullable("NAME", hostile));
    }

    @Test
    void failingStatementRollsBackTheWholeList() {
        String url = h2();
        String t = table();
        run(inputs("url", url, "execute", "CREATE TABLE " + t + " (id INT)"));
        assertThatThrownBy(() -> run(inputs("url", url, "statements", List.of("INSERT INTO " + t + " VALUES (1)", "INSERT INTO nope VALUES (1)"))))
                .isInstanceOf(TaskException.class).hasMessageContaining("statement 2 of 2").hasMessageContaining("rolled back");
        TaskResult r = run(inputs("url", url, "execute", "SELECT COUNT(*) AS n FROM " + t));
        assertThat(rows(r)).containsExactly(nullable("N", 0L));
    }

    @Test
    void maxRowsTruncatesAndSaysSo() {
        TaskResult r = run(inputs("url", h2(), "execute", "SELECT X FROM SYSTEM_RANGE(1, 10)", "max_rows", 3));
        assertThat(rows(r)).hasSize(3);
        assertThat(r.outputs()).containsEntry("truncated", true).containsEntry("row_count", 3).containsEntry("update_count", null);
    }

    @Test
    void sqlErrorCarriesSqlStateAndTheDriversMessageWithSecretsMasked() {
        Masker masker = new Masker();
        String password = "Sup3r-Secret-" + UUID.randomUUID();
        assertThatThrownBy(() -> task.execute(inputs("url", TestH2Server.shared().newDatabase("", password), "password", password,
                "execute", "SELECT * FROM missing_table WHERE pw = '" + password + "'"), context(masker)))
                .isInstanceOf(TaskException.class)
                .hasMessageMatching("(?s).*SQLState 42S0[24].*")
                .hasMessageContaining("MISSING_TABLE")
                .hasMessageContaining("****")
                .hasMessageNotContaining(password)
                .satisfies(e -> assertThat(((TaskException) e).kind()).isEqualTo(TaskException.Kind.REMOTE));
    }

    @Test
    void missingOrMalformedInputsAreNamedWithTheFix() {
        assertThatThrownBy(() -> run(inputs("url", h2())))
                .hasMessage("SQL input \"execute\" is missing: give the SQL to run as \"execute\" (one statement) or \"statements\" (a list)");
        assertThatThrownBy(() -> run(inputs("execute", "SELECT 1")))
                .hasMessageContaining("SQL input \"url\" is missing");
        assertThatThrownBy(() -> run(inputs("url", "postgresql://x/y", "execute", "SELECT 1")))
                .hasMessageContaining("must be a JDBC URL starting with \"jdbc:\"");
        assertThatThrownBy(() -> run(inputs("dialect", "postgresql", "host", "db;x=1", "database", "d", "execute", "SELECT 1")))
                .hasMessageContaining("SQL input \"host\" must be a host name");
        assertThatThrownBy(() -> run(inputs("url", h2(), "execute", "SELECT :a", "params", Map.of("b", 1))))
                .hasMessageContaining("no value for the placeholder :a");
        assertThatThrownBy(() -> run(inputs("url", h2(), "execute", "SELECT ?", "params", List.of(Map.of("x", 1)))))
                .hasMessageContaining("params[0]\" must be a text, number, boolean or null, got an object");
    }

    @Test
    void sqlOracleAliasBuildsTheThinUrlFromHostAndServiceNameAndAsksForTheDriverJar() {
        TaskRegistry registry = StandardTasks.registry(null);
        Masker masker = new Masker();
        assertThatThrownBy(() -> registry.get("SQLORACLE").execute(inputs("host", "127.0.0.1", "service_name", "xe",
                "user", "my-user", "password", "my-secret-password", "execute", "SELECT * FROM v$version"), context(masker)))
                .isInstanceOf(TaskException.class)
                .hasMessageContaining("jdbc:oracle:")
                .hasMessageContaining("put the driver's jar, e.g. ojdbc11.jar for Oracle, in the SQL plugins directory")
                .hasMessageNotContaining("my-secret-password");
        assertThat(SqlUrls.url(org.flowvault.platform.task.TaskInputs.of("SQL",
                inputs("dialect", "oracle", "host", "my-oracle-server", "service_name", "xe"), masker)))
                .isEqualTo("jdbc:oracle:thin:@//my-oracle-server:1521/xe");
    }

    @Test
    void driverFromThePluginsDirectoryIsLoadedInItsOwnClassLoader(@TempDir Path plugins) throws Exception {
        Path h2Jar = Path.of(org.h2.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Files.copy(h2Jar, plugins.resolve("h2-plugin.jar"));
        SqlTask pluginTask = new SqlTask(plugins);
        assertThat(pluginTask.drivers().plugins()).singleElement()
                .satisfies(d -> assertThat(d.getClass().getClassLoader()).isSameAs(pluginTask.drivers().pluginLoader()))
                .satisfies(d -> assertThat(d.getClass()).isNotSameAs(org.h2.Driver.class));
        String url = h2();
        try (Connection c = pluginTask.drivers().connect(url, new Properties(), "org.h2.Driver")) {
            assertThat(c.getClass().getClassLoader()).isSameAs(pluginTask.drivers().pluginLoader());
        }
        String t = table();
        pluginTask.execute(inputs("url", url, "driver", "org.h2.Driver", "statements",
                List.of("CREATE TABLE " + t + " (v INT)", "INSERT INTO " + t + " VALUES (7)")), context(new Masker()));
        TaskResult r = pluginTask.execute(inputs("url", url, "execute", "SELECT v FROM " + t), context(new Masker()));
        assertThat(rows(r)).containsExactly(nullable("V", 7));
    }

    @Test
    void postgresqlByUrlAndByDialect() {
        String base = env(POSTGRES_ENV, "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
        exerciseServer(base, "42P01");
        URI u = URI.create(base.substring("jdbc:".length()));
        String user = query(u, "user");
        TaskResult r = run(inputs("dialect", "postgresql", "host", u.getHost(), "port", u.getPort(), "database", u.getPath().substring(1),
                "user", user, "password", query(u, "password"), "execute", "SELECT :n::int + 1 AS next", "params", Map.of("n", 41)));
        assertThat(rows(r)).containsExactly(nullable("next", 42));
    }

    @Test
    void mariadbByUrl() {
        exerciseServer(env(MARIADB_ENV, "jdbc:mariadb://127.0.0.1:3306/test?user=root"), "42S02");
    }

    private void exerciseServer(String url, String missingTableState) {
        String t = table();
        Masker masker = new Masker();
        String secret = "pw-" + UUID.randomUUID();
        try {
            TaskResult r = task.execute(inputs("url", url, "statements", List.of(
                    "CREATE TABLE " + t + " (id INT PRIMARY KEY, name VARCHAR(50), at TIMESTAMP)",
                    Map.of("execute", "INSERT INTO " + t + " (id, name, at) VALUES (?, ?, TIMESTAMP '2026-01-02 03:04:05')", "params", List.of(1, "ada")),
                    Map.of("execute", "INSERT INTO " + t + " (id, name) VALUES (:id, :name)", "params", Map.of("id", 2, "name", "bob")),
                    "SELECT id, name, at FROM " + t + " ORDER BY id")), context(masker));
            assertThat(rows(r)).containsExactly(
                    nullable("id", 1, "name", "ada", "at", "2026-01-02T03:04:05"), nullable("id", 2, "name", "bob", "at", null));
            masker.register(secret);
            assertThatThrownBy(() -> task.execute(inputs("url", url, "execute",
                    "SELECT * FROM " + t + "_missing WHERE x = '" + secret + "'"), context(masker)))
                    .hasMessageContaining("SQLState " + missingTableState).hasMessageNotContaining(secret);
        } finally {
            task.execute(inputs("url", url, "execute", "DROP TABLE IF EXISTS " + t), context(new Masker()));
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> rows(TaskResult r) {
        return (List<Map<String, Object>>) r.outputs().get("rows");
    }

    private static Map<String, Object> nullable(Object... kv) {
        return inputs(kv);
    }

    private static String env(String name, String example) {
        String v = System.getenv(name);
        Assumptions.assumeTrue(v != null && !v.isBlank(), name + " is not set: this SQL task test is skipped. Set it, e.g. "
                + example + ", to run it.");
        return v;
    }

    private static String query(URI u, String name) {
        if (u.getQuery() == null) {
            return null;
        }
        for (String pair : u.getQuery().split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        return null;
    }
}
