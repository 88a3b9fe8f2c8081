package org.flowvault.platform.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.flowvault.platform.connection.ConnectionInput;
import org.flowvault.platform.connection.Connections;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.db.Times;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.flow.FlowStore;
import org.flowvault.platform.lease.DynamicSecrets;
import org.flowvault.platform.lease.RunConnectionResolver;
import org.flowvault.platform.resolution.Resolver;
import org.flowvault.platform.resolution.SecretCache;
import org.flowvault.platform.task.Egress;
import org.flowvault.platform.task.TaskRegistry;
import org.flowvault.platform.task.sql.SqlTask;
import org.flowvault.platform.vaultconfig.VaultConfiguration;
import org.flowvault.platform.vaultconfig.VaultFixture;
import org.flowvault.vault.server.database.TestDatabases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs whose connection attaches {@code database/creds/app} of the embedded Vault-API server's
 * database engine, on the machine's real PostgreSQL and MariaDB: a SQL step logs in with a user
 * that did not exist before the run and is gone after it; concurrent runs get different users; a
 * killed node's leases are revoked by the node that recovers its run; a short TTL is renewed while
 * the run lives; a lease revoked mid-run fails the run clearly.
 */
class DynamicSecretRunsTest {

    /** The platform (H2), the Vault-API server with the engine, a connection "db" and engine nodes. */
    private static final class Setup implements AutoCloseable {
        final EngineFixture f = EngineFixture.open(Database.Dialect.H2);
        final VaultFixture vault = new VaultFixture(Clock.systemUTC());
        final TestDatabases db;
        final TaskRegistry tasks = TaskRegistry.builder().add(new SqlTask()).add(new TestTasks.Gate()).add(new TestTasks.Echo()).build();
        final FlowStore flows = new FlowStore(f.db, f.platform.projects, tasks, Clock.systemUTC());
        final DynamicSecrets dynamic = new DynamicSecrets(f.db, f.platform.vaults, f.platform.audit, Clock.systemUTC());
        final RunConnectionResolver resolver;
        final VaultConfiguration config;
        final SecretCache cache = SecretCache.local();

        Setup(TestDatabases db, String ttl, String role) {
            this.db = db;
            vault.root("POST", "sys/mounts/database", Map.of("type", "database"));
            vault.root("POST", "database/config/db", Map.of("plugin_name", db.plugin(), "connection_url", db.connectionUrl(),
                    "username", db.postgresql() ? "postgres" : "root", "password", "", "allowed_roles", List.of("app")));
            vault.root("POST", "database/roles/" + role, Map.of("db_name", "db", "creation_statements", List.of(db.creationStatement()),
                    "default_ttl", ttl, "max_ttl", "2h"));
            vault.root("PUT", "sys/policies/acl/dyn", Map.of("policy", """
                    path "database/creds/*" { capabilities = ["read"] }
                    path "sys/leases/renew" { capabilities = ["update"] }
                    path "sys/leases/revoke" { capabilities = ["update"] }
                    path "sys/internal/ui/mounts/*" { capabilities = ["read"] }
                    """));
            config = f.platform.userTokenConfig(vault);
            f.platform.tokens.register(f.alice, config.name(), vault.token("72h", null, true, "dyn"));
            f.platform.tokens.register(f.bob, config.name(), vault.token("72h", null, true, "dyn"));
            Connections connections = new Connections(f.db, f.platform.projects);
            connections.create(f.alice, f.project, ConnectionInput.builder().name("db").type("SQL")
                    .value("url: " + db.jdbcUrl() + "\n").vaultSecrets(List.of(config.name() + ":database/creds/" + role)).build());
            resolver = new RunConnectionResolver(new Resolver(f.platform.vaults, f.platform.projects, connections, cache),
                    connections, f.platform.vaults, dynamic);
            flows.apply(f.alice, f.project, """
                    name: dyn
                    inputs: {gate: string}
                    steps:
                      - id: who
                        connection: db
                        inputs: {execute: "SELECT current_user AS u"}
                      - id: hold
                        task: GATE
                        inputs: {gate: "${{ inputs.gate }}"}
                      - id: after
                        task: ECHO
                    outputs: {rows: "${{ steps.who.outputs.rows }}"}
                    """);
        }

        RunEngine node(String name) {
            return RunEngine.builder().database(f.db).flows(flows).tasks(tasks).membership(f.platform.projects)
                    .sealer(EngineFixture.sealer(f.platform.box)).connections(resolver).runLeases(dynamic).audit(f.platform.audit)
                    .nodeId(name + "-" + EngineFixture.rnd()).lease(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                    .egress(Egress.of(List.of("127.0.0.1", "localhost"))).build();
        }

        /** Users that exist now and did not before, i.e. issued by the engine. */
        Set<String> newUsers(Set<String> before) {
            Set<String> now = new HashSet<>(db.users());
            now.removeAll(before);
            return now;
        }

        List<String> leaseRows(UUID run) {
            return f.db.jdbi().withHandle(h -> h.createQuery("SELECT lease_id FROM run_leases WHERE run_id = :r").bind("r", run)
                    .mapTo(String.class).list());
        }

        @Override
        public void close() {
            dynamic.close();
            cache.close();
            vault.close();
            f.close();
        }
    }

    private static TestDatabases db(String which) {
        return which.equals("postgres") ? TestDatabases.postgres() : TestDatabases.mariadb();
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mariadb"})
    void aSqlStepLogsInWithAUserThatExistsOnlyWhileTheRunLives(String which) throws Exception {
        try (Setup s = new Setup(db(which), "1h", "app"); RunEngine node = s.node("n").startWorkers()) {
            Set<String> before = s.db.users();
            String gate = "g-" + EngineFixture.rnd();
            Run run = node.start(s.f.alice, s.f.project, "dyn", Map.of("gate", gate));
            assertThat(TestTasks.entered(gate).await(20, TimeUnit.SECONDS)).isTrue();
            Set<String> issued = s.newUsers(before);
            assertThat(issued).hasSize(1).allMatch(u -> u.startsWith("v-"));
            String user = issued.iterator().next();
            List<String> leases = s.leaseRows(run.id());
            assertThat(leases).hasSize(1).allMatch(l -> l.startsWith("database/creds/app/"));

            TestTasks.gate(gate).countDown();
            Run done = node.await(s.f.alice, run.id(), Duration.ofSeconds(20));
            assertThat(done.status()).as(done.error()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(s.db.users()).as("the run's user is dropped when it ends").isEqualTo(before);
            assertThat(s.leaseRows(run.id())).isEmpty();
            assertThat(node.revealOutputs(s.f.alice, run.id()).toString()).contains(user);
            List<String> log = node.logs(s.f.alice, run.id(), 0, 100).stream().map(RunLogLine::line).toList();
            assertThat(log).anyMatch(l -> l.contains("lease " + leases.getFirst()));
            assertThat(String.join("\n", log)).doesNotContain(user); // the user name is a secret of the run: masked
            await().atMost(Duration.ofSeconds(10)).until(() -> org.flowvault.platform.audit.StoredBlocks.records(s.f.platform.audit).stream()
                    .filter(r -> run.id().equals(r.runId())).map(r -> r.action().label()).toList()
                    .containsAll(List.of("lease.issue", "lease.revoke")));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres"})
    void twoConcurrentRunsGetDifferentUsers(String which) throws Exception {
        try (Setup s = new Setup(db(which), "1h", "app"); RunEngine node = s.node("n").startWorkers()) {
            Set<String> before = s.db.users();
            String g1 = "g-" + EngineFixture.rnd();
            String g2 = "g-" + EngineFixture.rnd();
            Run a = node.start(s.f.alice, s.f.project, "dyn", Map.of("gate", g1));
            Run b = node.start(s.f.bob, s.f.project, "dyn", Map.of("gate", g2));
            assertThat(TestTasks.entered(g1).await(20, TimeUnit.SECONDS)).isTrue();
            assertThat(TestTasks.entered(g2).await(20, TimeUnit.SECONDS)).isTrue();
            assertThat(s.newUsers(before)).hasSize(2);
            assertThat(s.leaseRows(a.id())).doesNotContainAnyElementsOf(s.leaseRows(b.id()));
            TestTasks.gate(g1).countDown();
            assertThat(node.await(s.f.alice, a.id(), Duration.ofSeconds(20)).status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(s.newUsers(before)).as("b's user lives on while b runs").hasSize(1);
            TestTasks.gate(g2).countDown();
            assertThat(node.await(s.f.bob, b.id(), Duration.ofSeconds(20)).status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(s.db.users()).isEqualTo(before);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mariadb"})
    void aKilledNodesLeasesAreRevokedByTheNodeThatRecoversItsRun(String which) throws Exception {
        try (Setup s = new Setup(db(which), "1h", "app")) {
            Set<String> before = s.db.users();
            String gate = "g-" + EngineFixture.rnd();
            RunEngine dead = s.node("dead").startWorkers();
            Run run = dead.start(s.f.alice, s.f.project, "dyn", Map.of("gate", gate));
            assertThat(TestTasks.entered(gate).await(20, TimeUnit.SECONDS)).isTrue();
            assertThat(s.newUsers(before)).hasSize(1);
            dead.halt();
            s.f.db.jdbi().useHandle(h -> h.createUpdate("UPDATE runs SET lease_until = :t WHERE id = :id")
                    .bind("t", Times.db(Instant.now().minusSeconds(60))).bind("id", run.id()).execute());
            try (RunEngine live = s.node("live").startWorkers()) {
                Run ended = live.await(s.f.alice, run.id(), Duration.ofSeconds(20));
                assertThat(ended.status()).isEqualTo(RunStatus.FAILED);
                // recovery marks the run FAILED, then revokes its leases in the same heartbeat
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                        assertThat(s.db.users()).as("recovery revoked the dead node's lease").isEqualTo(before));
                assertThat(s.leaseRows(run.id())).isEmpty();
            } finally {
                TestTasks.gate(gate).countDown();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres"})
    void aShortLeaseIsRenewedWhileTheRunLives(String which) throws Exception {
        try (Setup s = new Setup(db(which), "3s", "app"); RunEngine node = s.node("n").startWorkers()) {
            Set<String> before = s.db.users();
            String gate = "g-" + EngineFixture.rnd();
            Run run = node.start(s.f.alice, s.f.project, "dyn", Map.of("gate", gate));
            assertThat(TestTasks.entered(gate).await(20, TimeUnit.SECONDS)).isTrue();
            String lease = s.leaseRows(run.id()).getFirst();
            Instant issued = Instant.now();
            // three lease durations later the lease (and its user) still lives: it was renewed
            await().atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(issued.plusSeconds(9))
                    && s.vault.root("PUT", "sys/leases/lookup", Map.of("lease_id", lease)).at("/data/last_renewal").isTextual());
            assertThat(s.newUsers(before)).hasSize(1);
            TestTasks.gate(gate).countDown();
            Run done = node.await(s.f.alice, run.id(), Duration.ofSeconds(20));
            assertThat(done.status()).as(done.error()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(s.db.users()).isEqualTo(before);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres"})
    void aLeaseRevokedMidRunFailsTheRunAtItsNextStep(String which) throws Exception {
        try (Setup s = new Setup(db(which), "3s", "app"); RunEngine node = s.node("n").startWorkers()) {
            Set<String> before = s.db.users();
            String gate = "g-" + EngineFixture.rnd();
            Run run = node.start(s.f.alice, s.f.project, "dyn", Map.of("gate", gate));
            assertThat(TestTasks.entered(gate).await(20, TimeUnit.SECONDS)).isTrue();
            String lease = s.leaseRows(run.id()).getFirst();
            s.vault.root("PUT", "sys/leases/revoke", Map.of("lease_id", lease));
            assertThat(s.db.users()).isEqualTo(before);
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                try {
                    s.dynamic.check(run.id());
                    return false;
                } catch (PlatformException e) {
                    return true;
                }
            });
            TestTasks.gate(gate).countDown();
            Run done = node.await(s.f.alice, run.id(), Duration.ofSeconds(20));
            assertThat(done.status()).isEqualTo(RunStatus.FAILED);
            assertThat(done.error()).startsWith("step 'after': ").contains(lease).contains("was revoked or has expired");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mariadb"})
    void aRoleTheConfigDoesNotAllowFailsTheRunClearlyAndCreatesNoUser(String which) throws Exception {
        try (Setup s = new Setup(db(which), "1h", "outsider"); RunEngine node = s.node("n").startWorkers()) {
            Set<String> before = s.db.users();
            Run run = node.start(s.f.alice, s.f.project, "dyn", Map.of("gate", "never-" + EngineFixture.rnd()));
            Run done = node.await(s.f.alice, run.id(), Duration.ofSeconds(20));
            assertThat(done.status()).isEqualTo(RunStatus.FAILED);
            assertThat(done.error()).startsWith("step 'who': connection 'db': ").contains("database/creds/outsider")
                    .contains("is not an allowed role");
            assertThat(s.db.users()).isEqualTo(before);
        }
    }
}
