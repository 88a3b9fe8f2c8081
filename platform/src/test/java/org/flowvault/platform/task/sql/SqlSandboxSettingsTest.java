package org.flowvault.platform.task.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flowvault.platform.masking.Masker;
import org.flowvault.platform.task.Egress;
import org.flowvault.platform.task.TaskContext;
import org.flowvault.platform.task.TaskException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The operator's side of the SQL sandbox and what the driver finally gets: the driver allow-list,
 * the platform's own database refused however it is spelled, hosts pinned to the checked address,
 * and the properties the platform forces.
 */
class SqlSandboxSettingsTest {
    private static final Egress LOCAL = Egress.of(List.of("127.0.0.1", "[::1]", "10.0.0.0/8"));
    private static final String OWN = "jdbc:postgresql://127.0.0.1:5432/flowvault?user=fv&currentSchema=app";

    private static SqlSandbox.Target check(SqlSandbox sandbox, String url, Map<String, String> props) {
        return sandbox.check(url, props, null, Set.of(), LOCAL);
    }

    @Test
    void onlyTheDriverFamiliesTheOperatorListsAreUsable() {
        SqlTask onlyPostgres = new SqlTask(null, List.of("PostgreSQL"), null);
        TaskContext context = TaskContext.builder(new Masker()).egress(LOCAL).build();
        for (String url : List.of("jdbc:mariadb://127.0.0.1:3306/db", "jdbc:h2:tcp://127.0.0.1/db", "jdbc:db2://127.0.0.1:50000/db")) {
            assertThatThrownBy(() -> onlyPostgres.execute(Map.of("url", url, "execute", "SELECT 1"), context))
                    .isInstanceOf(TaskException.class)
                    .hasMessageContaining("operator's SQL driver allow-list (sql.drivers) has postgresql");
        }
    }

    @Test
    void aPluginDriverIsUsableByItsSubprotocolOnlyWhenListed() {
        SqlSandbox withDb2 = new SqlSandbox(List.of("db2"), null);
        SqlSandbox.Target t = check(withDb2, "jdbc:db2://127.0.0.1:50000/sample", Map.of("user", "u", "password", "p"));
        assertThat(t.url()).isEqualTo("jdbc:db2://127.0.0.1:50000/sample");
        assertThatThrownBy(() -> check(withDb2, "jdbc:db2://127.0.0.1:50000/sample", Map.of("sslTrustStoreLocation", "/etc/x")))
                .hasMessageContaining("\"sslTrustStoreLocation\"").hasMessageContaining("password, user");
        assertThatThrownBy(() -> check(withDb2, "jdbc:db2://127.0.0.1/sample", Map.of())).hasMessageContaining("must give the port");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "jdbc:postgresql://127.0.0.1:5432/flowvault",
            "jdbc:postgresql://localhost:5432/flowvault",
            "jdbc:postgresql://LOCALHOST/FlowVault",
            "jdbc:postgresql://[::1]:5432/flowvault",
            "jdbc:postgresql://10.9.9.9:5432,127.0.0.1:5432/flowvault?targetServerType=any",
            "jdbc:postgresql://127.0.0.1/flowvault?currentSchema=public",
    })
    void thePlatformsOwnDatabaseIsRefusedHoweverItIsSpelled(String url) {
        SqlSandbox sandbox = new SqlSandbox(SqlSandbox.DEFAULT_DRIVERS, OWN);
        assertThatThrownBy(() -> check(sandbox, url, Map.of("user", "fv")))
                .isInstanceOf(TaskException.class).hasMessageContaining("the platform's own database");
    }

    @Test
    void otherDatabasesOfTheSameServerAndOtherPortsAreNotThePlatforms() {
        SqlSandbox sandbox = new SqlSandbox(SqlSandbox.DEFAULT_DRIVERS, OWN);
        assertThat(check(sandbox, "jdbc:postgresql://127.0.0.1:5432/sales", Map.of()).url()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/sales");
        assertThat(check(sandbox, "jdbc:postgresql://127.0.0.1:5433/flowvault", Map.of()).url()).endsWith(":5433/flowvault");
    }

    @Test
    void anInProcessPlatformDatabaseNeedsNoComparison() {
        SqlSandbox sandbox = new SqlSandbox(SqlSandbox.DEFAULT_DRIVERS, "jdbc:h2:file:/data/flowvault;MODE=PostgreSQL");
        assertThat(check(sandbox, "jdbc:h2:tcp://127.0.0.1:9092/flowvault", Map.of()).url()).isEqualTo("jdbc:h2:tcp://127.0.0.1:9092/flowvault");
    }

    @Test
    void hostsArePinnedToTheCheckedAddressUnlessTlsVerifiesTheName() {
        SqlSandbox sandbox = new SqlSandbox(SqlSandbox.DEFAULT_DRIVERS, null);
        assertThat(check(sandbox, "jdbc:postgresql://localhost:5432/db", Map.of()).url()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/db");
        assertThat(check(sandbox, "jdbc:postgresql://localhost:5432/db?sslmode=verify-full", Map.of()).url())
                .isEqualTo("jdbc:postgresql://localhost:5432/db");
        assertThat(check(sandbox, "jdbc:mariadb:replication://address=(host=localhost)(port=3307)(type=replica),127.0.0.1/db",
                Map.of()).url()).isEqualTo("jdbc:mariadb:replication://address=(host=127.0.0.1)(port=3307)(type=replica),127.0.0.1:3306/db");
        assertThat(check(sandbox, "jdbc:h2:tcp://localhost/demo", Map.of()).url()).isEqualTo("jdbc:h2:tcp://127.0.0.1:9092/demo");
        assertThat(check(sandbox, "jdbc:postgresql://[::1]/db", Map.of()).url()).isEqualTo("jdbc:postgresql://[0:0:0:0:0:0:0:1]:5432/db");
        assertThat(check(sandbox, "jdbc:oracle:thin:@localhost:1521:XE", Map.of()).url()).isEqualTo("jdbc:oracle:thin:@127.0.0.1:1521:XE");
        SqlSandbox.Target mssql = check(sandbox, "jdbc:sqlserver://localhost:1433;databaseName=db;encrypt=true", Map.of());
        assertThat(mssql.url()).isEqualTo("jdbc:sqlserver://127.0.0.1:1433");
        assertThat(mssql.properties()).containsEntry("databaseName", "db").containsEntry("hostNameInCertificate", "localhost");
    }

    @Test
    void theDriverGetsOnlyCheckedPropertiesAndThePlatformsOwnOnTop() {
        SqlSandbox sandbox = new SqlSandbox(SqlSandbox.DEFAULT_DRIVERS, null);
        SqlSandbox.Target maria = check(sandbox, "jdbc:mariadb://127.0.0.1/db?connectTimeout=5000&user=u",
                Map.of("password", "p", "useCompression", "true"));
        assertThat(maria.url()).isEqualTo("jdbc:mariadb://127.0.0.1:3306/db");
        assertThat(maria.properties()).containsEntry("connectTimeout", "5000").containsEntry("user", "u").containsEntry("password", "p")
                .containsEntry("allowLocalInfile", "false").containsEntry("permitRedirect", "false");
        assertThat(check(sandbox, "jdbc:mysql://127.0.0.1/db", Map.of()).url()).isEqualTo("jdbc:mysql://127.0.0.1:3306/db?permitMysqlScheme");

        SqlSandbox.Target pg = check(sandbox, "jdbc:postgresql://127.0.0.1/db?user=u&ApplicationName=x%20y", Map.of());
        assertThat(pg.properties()).containsEntry("ApplicationName", "x y").containsEntry("gssEncMode", "disable")
                // an absent password would make the driver read the server's ~/.pgpass
                .containsEntry("password", "");
        assertThat(check(sandbox, "jdbc:postgresql://127.0.0.1/db", Map.of("password", "given")).properties())
                .containsEntry("password", "given");

        assertThat(check(sandbox, "jdbc:h2:tcp://127.0.0.1/db", Map.of("USER", "sa", "password", "")).properties())
                .containsOnlyKeys("USER", "password");
    }

    @Test
    void theFlowsPropertiesWinOverTheUrlsAndThePlatformsWinOverBoth() {
        SqlSandbox sandbox = new SqlSandbox(SqlSandbox.DEFAULT_DRIVERS, null);
        SqlSandbox.Target t = check(sandbox, "jdbc:mariadb://127.0.0.1/db?SSLMODE=disable&user=url-user",
                Map.of("sslMode", "verify-ca", "user", "input-user"));
        assertThat(t.properties()).containsEntry("sslMode", "verify-ca").doesNotContainKey("SSLMODE").containsEntry("user", "input-user");
    }

    @Test
    void onlyTheJvmTrustStoreFactoryMayBeNamedForPostgresqlTls() {
        SqlSandbox sandbox = new SqlSandbox(SqlSandbox.DEFAULT_DRIVERS, null);
        assertThat(check(sandbox, "jdbc:postgresql://127.0.0.1/db?sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory", Map.of())
                .properties()).containsEntry("sslfactory", "org.postgresql.ssl.DefaultJavaSSLFactory");
        assertThatThrownBy(() -> check(sandbox, "jdbc:postgresql://127.0.0.1/db?sslfactory=org.postgresql.ssl.NonValidatingFactory", Map.of()))
                .hasMessageContaining("\"sslfactory\"").hasMessageNotContaining("NonValidating");
    }
}
