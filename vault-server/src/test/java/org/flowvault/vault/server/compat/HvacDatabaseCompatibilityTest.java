package org.flowvault.vault.server.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.flowvault.vault.server.TestVault;
import org.flowvault.vault.server.database.TestDatabases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * hvac 0.11's {@code client.secrets.database.*} and lease methods ({@code sys.read_lease},
 * {@code renew_lease}/{@code renew_secret}, {@code revoke_lease}/{@code revoke_secret},
 * {@code list_leases}, {@code revoke_prefix}, {@code revoke_force}) against the server's database
 * engine on the machine's PostgreSQL and MariaDB (skipped, saying so, when their URLs are unset).
 * The database's users are the same before and after: every user issued was dropped.
 */
class HvacDatabaseCompatibilityTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mariadb"})
    void hvacDrivesTheDatabaseEngineAndLeases(String which) {
        TestDatabases db = which.equals("postgres") ? TestDatabases.postgres() : TestDatabases.mariadb();
        assertThat(Files.isExecutable(PYTHON)).as("the hvac suite needs /usr/bin/python3 with Debian's python3-hvac").isTrue();
        String rotateUser = "fvrot" + UUID.randomUUID().toString().substring(0, 8);
        db.createRootUser(rotateUser, "rotate-me-1");
        Set<String> before = db.users();
        Path script = ScriptRun.moduleDir().resolve("src/test/python/hvac_database_compat.py");
        try (TestVault dev = TestVault.dev()) {
            ScriptRun run = ScriptRun.run(script.getParent(), Map.of(
                            "VAULT_ADDR", dev.address(), "VAULT_TOKEN", dev.rootToken(), "PYTHONDONTWRITEBYTECODE", "1",
                            "DB_PLUGIN", db.plugin(), "DB_CONNECTION_URL", db.connectionUrl(),
                            "DB_USERNAME", db.postgresql() ? "postgres" : "root", "DB_PASSWORD", "",
                            "DB_ROTATE_USER", rotateUser, "DB_ROTATE_PASSWORD", "rotate-me-1",
                            "DB_CREATION_STATEMENT", db.creationStatement()),
                    List.of("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"), Duration.ofMinutes(3),
                    List.of(PYTHON.toString(), script.toString()));
            System.out.println(run.output());
            System.out.printf("hvac database compatibility (%s): %d/%d checks passed%n", which, run.passed(), run.total());
            assertThat(run.total()).as("checks run\n%s", run.output()).isPositive();
            assertThat(run.passed()).as("hvac checks passed\n%s", run.output()).isEqualTo(run.total());
            assertThat(run.exitCode()).as("script exit code\n%s", run.output()).isZero();
            assertThat(db.users()).as("no database user left behind").isEqualTo(before);
        } finally {
            db.dropUser(rotateUser);
        }
    }
}
