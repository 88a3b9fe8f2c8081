package org.flowvault.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.flowvault.platform.connection.ConnectionInput;
import org.flowvault.platform.connection.Connections;
import org.flowvault.platform.crypto.SecretBox;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.db.TestClock;
import org.flowvault.platform.error.PlatformException.Reason;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.identity.Caller;
import org.flowvault.platform.resolution.Resolver;
import org.flowvault.platform.resolution.SecretCache;
import org.flowvault.platform.resolution.SecretWriter;
import org.flowvault.platform.vaultconfig.TestPlatform;
import org.flowvault.platform.vaultconfig.VaultConfiguration;
import org.flowvault.platform.vaultconfig.VaultFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The audit trail against real Vault-API servers and databases: one record per use, no value, a chain that tells tampering. */
class AuditTrailTest {
    private static final String PASSWORD = "audit-secret-pw-" + UUID.randomUUID();
    private static final String USER = "audit-user-" + UUID.randomUUID();
    /** Not a bare number: "1521" also occurs in a MAC's hex now and then, which made the test flaky. */
    private static final String PORT = "port-1521-" + UUID.randomUUID();
    private static final String ROTATED = "audit-rotated-pw-" + UUID.randomUUID();

    /** A project, a user-token configuration, alice's token and a connection reading secret/oracle. */
    private static final class World implements AutoCloseable {
        final TestPlatform tp;
        final VaultFixture vault;
        final SecretCache cache;
        final Connections connections;
        final Resolver resolver;
        final SecretWriter writer;
        final VaultConfiguration config;
        final Caller alice;
        final UUID projectId;
        final String token;
        final String project;

        World(Database.Dialect dialect) {
            tp = TestPlatform.open(dialect);
            vault = new VaultFixture(tp.clock);
            cache = SecretCache.create(tp.db);
            connections = new Connections(tp.db, tp.projects);
            resolver = new Resolver(tp.vaults, tp.projects, connections, cache, tp.audit);
            writer = new SecretWriter(tp.vaults, tp.projects, cache, tp.audit);
            project = tp.project();
            alice = tp.member(project);
            projectId = tp.projects.requireUsable(alice, project);
            config = tp.userTokenConfig(vault);
            vault.root("PUT", "sys/policies/acl/kv-rw", Map.of("policy", "path \"secret/*\" { capabilities = [\"create\", \"update\", \"read\"] }"));
            token = vault.token("72h", null, true, "kv-rw");
            vault.root("POST", "secret/data/oracle", Map.of("data", Map.of("user", USER, "password", PASSWORD)));
        }

        void connection() {
            connections.create(alice, projectId, ConnectionInput.builder().name("oracle").type("SQLORACLE")
                    .value("host: db\nuser: vault.secret(user)\npassword: vault.secret(password)\n")
                    .vaultSecrets(config.name() + ":secret/data/oracle").build());
        }

        List<AuditEntry> all() {
            tp.audit.flush(Duration.ofSeconds(10));
            List<AuditEntry> out = new ArrayList<>();
            tp.audit.export(tp.admin, AuditQuery.all(), out::add);
            return out;
        }

        String tableText() {
            tp.audit.flush(Duration.ofSeconds(10));
            return StoredBlocks.dump(tp.db)
                    + tp.db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM audit_chain").mapToMap().list());
        }

        @Override
        public void close() {
            cache.close();
            vault.close();
            tp.close();
        }
    }

    /** Runs {@code action} and returns the one record it wrote (fails unless exactly one). */
    private static AuditRecord one(World w, Runnable action) {
        int before = w.all().size();
        action.run();
        List<AuditEntry> after = w.all();
        assertThat(after).as("records written by one action").hasSize(before + 1);
        return after.getLast().record();
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void everyAuditedActionWritesExactlyOneRecordWithItsFieldsAndNeverAValue(Database.Dialect dialect) {
        try (World w = new World(dialect)) {
            AuditRecord reg = one(w, () -> w.tp.tokens.register(w.alice, w.config.name(), w.token));
            assertThat(reg.action()).isEqualTo(AuditAction.TOKEN_REGISTER);
            assertThat(reg.userId()).isEqualTo(w.alice.userId());
            assertThat(reg.config()).isEqualTo(w.config.name());
            assertThat(one(w, () -> w.tp.tokens.register(w.alice, w.config.name(), w.token)).action()).isEqualTo(AuditAction.TOKEN_REPLACE);
            w.connection();

            AuditRecord resolved = one(w, () -> w.resolver.resolve("oracle", w.projectId, w.alice, Map.of()));
            assertThat(resolved.action()).isEqualTo(AuditAction.CONNECTION_RESOLVE);
            assertThat(resolved.outcome()).isEqualTo(AuditRecord.Outcome.OK);
            assertThat(resolved.username()).isEqualTo(w.alice.username());
            assertThat(resolved.projectId()).isEqualTo(w.projectId);
            assertThat(resolved.connection()).isEqualTo("oracle");
            assertThat(resolved.config()).isEqualTo(w.config.name());
            assertThat(resolved.mount()).isEqualTo("secret");
            assertThat(resolved.path()).isEqualTo("secret/data/oracle");
            assertThat(resolved.kvVersion()).isEqualTo(1L);
            assertThat(resolved.node()).isEqualTo("test-node");
            // a warm (cached) resolution is a use too
            AuditRecord warm = one(w, () -> w.resolver.resolve("oracle", w.projectId, w.alice, Map.of()));
            assertThat(warm.kvVersion()).isEqualTo(1L);
            assertThat(warm.id()).as("a warm resolution is a record of its own").isNotEqualTo(resolved.id());
            assertThat(warm).usingRecursiveComparison().ignoringFields("id", "at").isEqualTo(resolved);
            assertThat(one(w, () -> w.resolver.preview("oracle", w.projectId, w.alice, Map.of())).action())
                    .isEqualTo(AuditAction.CONNECTION_PREVIEW);

            AuditRecord written = one(w, () -> w.writer.write(w.config.name(), w.projectId, w.alice, "secret/oracle",
                    Map.of("user", USER, "password", ROTATED)));
            assertThat(written.action()).isEqualTo(AuditAction.SECRET_WRITE);
            assertThat(written.path()).isEqualTo("secret/oracle");
            assertThat(written.kvVersion()).isEqualTo(2L);
            AuditRecord again = one(w, () -> w.resolver.resolve("oracle", w.projectId, w.alice, Map.of()));
            assertThat(again.kvVersion()).as("a resolution after the write names the version it read").isEqualTo(2L);
            assertThat(again.id()).isNotEqualTo(resolved.id());

            Caller carol = w.tp.member(w.project); // no token registered: the resolution fails, and says so in the trail
            AuditRecord failed = one(w, () -> assertThatThrownBy(() -> w.resolver.resolve("oracle", w.projectId, carol, Map.of()))
                    .isInstanceOf(PlatformException.class));
            assertThat(failed.action()).isEqualTo(AuditAction.CONNECTION_RESOLVE);
            assertThat(failed.outcome()).isNotEqualTo(AuditRecord.Outcome.OK);
            assertThat(failed.userId()).isEqualTo(carol.userId());

            AuditRecord changed = one(w, () -> w.tp.configs.update(w.tp.admin, w.config.toBuilder()
                    .cacheTtl(Duration.ofSeconds(5)).build()));
            assertThat(changed.action()).isEqualTo(AuditAction.CONFIG_UPDATE);
            assertThat(changed.userId()).isEqualTo(w.tp.admin.userId());
            assertThat(one(w, () -> w.tp.tokens.remove(w.alice, w.config.name())).action()).isEqualTo(AuditAction.TOKEN_REMOVE);

            assertThat(w.tableText()).doesNotContain(PASSWORD, USER, ROTATED, w.token);
            assertThat(w.tp.audit.verify(w.tp.admin).intact()).isTrue();
        }
    }

    private static AuditQuery byPath(String path) {
        return new AuditQuery(path, null, null, null, null, null, 0, AuditQuery.DEFAULT_LIMIT);
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void aResolutionOfSeveralPathsWritesOneRecordNamingEveryPathAndEachPathFindsIt(Database.Dialect dialect) {
        try (World w = new World(dialect)) {
            w.vault.root("POST", "secret/data/multi/app", Map.of("data", Map.of("host", "db.internal")));
            w.vault.root("POST", "secret/data/multi/db_1", Map.of("data", Map.of("port", PORT)));
            w.tp.tokens.register(w.alice, w.config.name(), w.token);
            w.connections.create(w.alice, w.projectId, ConnectionInput.builder().name("multi").type("SQLORACLE")
                    .value("user: vault.secret(user)\nhost: vault.secret(host)\nport: vault.secret(port)\n")
                    .vaultSecrets(List.of(w.config.name() + ":secret/data/oracle", w.config.name() + ":secret/data/multi/app",
                            w.config.name() + ":secret/data/multi/db_1", w.config.name() + ":secret/data/oracle"))
                    .build());

            AuditRecord resolved = one(w, () -> w.resolver.resolve("multi", w.projectId, w.alice, Map.of()));
            assertThat(resolved.action()).isEqualTo(AuditAction.CONNECTION_RESOLVE);
            assertThat(resolved.connection()).isEqualTo("multi");
            assertThat(resolved.allSecrets()).as("every distinct path, once, in the connection's order").containsExactly(
                    new AuditRecord.Secret(w.config.name(), null, "secret", "secret/data/oracle", 1L),
                    new AuditRecord.Secret(w.config.name(), null, "secret", "secret/data/multi/app", 1L),
                    new AuditRecord.Secret(w.config.name(), null, "secret", "secret/data/multi/db_1", 1L));
            assertThat(resolved.path()).as("the single-location fields name the first").isEqualTo("secret/data/oracle");
            assertThat(one(w, () -> w.resolver.preview("multi", w.projectId, w.alice, Map.of())).allSecrets()).hasSize(3);

            for (String path : List.of("secret/data/multi/app", "/secret/data/multi/app/", w.config.name() + ":secret/data/multi/db_1",
                    "secret/data/oracle")) {
                assertThat(w.tp.audit.list(w.tp.admin, byPath(path))).as(path).hasSize(2)
                        .allSatisfy(e -> assertThat(e.record().connection()).isEqualTo("multi"));
            }
            for (String path : List.of("secret/data/multi", "secret/data/multi/ap", "secret/data/multi/%", "secret/data/multi/dbx1", "secret/data/multi/db%",
                    "other:secret/data/multi/app", "secret")) {
                assertThat(w.tp.audit.list(w.tp.admin, byPath(path))).as("%s names no path of the record", path).isEmpty();
            }
            assertThat(w.tp.audit.lastUse(w.alice, byPath("secret/data/multi/db_1"), w.projectId))
                    .as("used by: the last use of a path that is not the record's first").isEqualTo(resolved.at());
            assertThat(w.tableText()).doesNotContain("db.internal", PORT, USER, PASSWORD);
            assertThat(w.tp.audit.verify(w.tp.admin).intact()).isTrue();

            long seq = w.tp.audit.list(w.tp.admin, byPath("secret/data/multi/app")).getLast().seq();
            w.tp.db.jdbi().useHandle(h -> h.execute("UPDATE audit_templates SET secrets = REPLACE(secrets, 'multi/app', 'multi/xyz') "
                    + "WHERE id = ?", StoredBlocks.template(w.tp.db, seq)));
            Verification edited = w.tp.audit.verify(w.tp.admin);
            assertThat(edited.intact()).as("the path list is covered by the chain").isFalse();
            assertThat(edited.brokenAt()).isEqualTo(seq);
        }
    }
}
