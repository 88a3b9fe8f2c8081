package org.flowvault.bench.resolution;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.flowvault.platform.audit.Audit;
import org.flowvault.platform.audit.AuditTrail;
import org.flowvault.platform.connection.Connection;
import org.flowvault.platform.connection.ConnectionInput;
import org.flowvault.platform.crypto.MasterKey;
import org.flowvault.platform.crypto.SecretBox;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.identity.Caller;
import org.flowvault.platform.identity.ProjectMembership;
import org.flowvault.platform.identity.Projects;
import org.flowvault.platform.identity.Role;
import org.flowvault.platform.metrics.PlatformMetrics;
import org.flowvault.platform.resolution.Resolver;
import org.flowvault.platform.resolution.SecretCache;
import org.flowvault.platform.task.Egress;
import org.flowvault.platform.vaultconfig.VaultAccess;
import org.flowvault.platform.vaultconfig.VaultConfiguration;
import org.flowvault.platform.vaultconfig.VaultIdentity;
import org.flowvault.vault.client.VaultToken;
import org.flowvault.vault.client.core.VaultClient;
import org.flowvault.vault.client.core.VaultClientConfig;
import org.flowvault.vault.server.VaultServer;

/**
 * An embedded Vault-API server in this JVM (storage latency adjustable, see {@link SlowStorage}) with secrets at {@code secret/bench/p0..p7}, one vault
 * configuration (shared identity), and a resolver over a fresh cache. The VaultAccess and
 * membership here answer from memory, so the figures measure the resolver and cache only.
 */
final class BenchEnvironment implements AutoCloseable {
    final VaultServer server;
    final VaultClient base;
    final VaultConfiguration config;
    final SecretCache cache = SecretCache.local();
    final Resolver resolver;
    final Caller runAs = new Caller(UUID.randomUUID(), "bench", Role.MEMBER);
    final UUID project = UUID.randomUUID();

    final SlowStorage storage = new SlowStorage();
    /** The platform's audit trail when the benchmark audits (an H2 database and a journal file), else null. */
    private final Audit audit;
    private final Database auditDb;
    private final Path journalDir;

    BenchEnvironment(Duration cacheTtl, Path auditLog) {
        this(cacheTtl, auditLog, false, PlatformMetrics.none());
    }

    /**
     * @param platformAudit whether the resolver records every secret use in the platform's audit
     *                      trail as a platform does: appended to a journal file, written to an
     *                      (in-memory H2) database in batches by the writer thread
     */
    BenchEnvironment(Duration cacheTtl, Path auditLog, boolean platformAudit) {
        this(cacheTtl, auditLog, platformAudit, PlatformMetrics.none());
    }

    /** As {@link #BenchEnvironment(Duration, Path)}, the resolver reporting to {@code metrics}. */
    BenchEnvironment(Duration cacheTtl, Path auditLog, PlatformMetrics metrics) {
        this(cacheTtl, auditLog, false, metrics);
    }

    /** As {@link #BenchEnvironment(Duration, Path, boolean)}, the resolver reporting to {@code metrics}. */
    BenchEnvironment(Duration cacheTtl, Path auditLog, boolean platformAudit, PlatformMetrics metrics) {
        server = VaultServer.builder().dev().storage(storage, "inmem").listen("127.0.0.1", 0).start();
        VaultClient root = VaultClient.create(VaultClientConfig.builder().address(server.address()).token(VaultToken.of(server.rootToken())).build());
        for (int i = 0; i < 8; i++) {
            root.kv("secret").put("bench/p" + i, Map.of("user" + i, "user-" + i, "password" + i, "password-" + UUID.randomUUID(), "port", 5432 + i));
        }
        if (auditLog != null) {
            root.logical().write("sys/audit/bench", Map.of("type", "file", "options", Map.of("file_path", auditLog.toString())));
        }
        root.close();
        base = VaultClient.create(VaultClientConfig.builder().address(server.address()).build());
        config = new VaultConfiguration(UUID.randomUUID(), "bench", URI.create(server.address()), true, null, null,
                VaultConfiguration.AuthMethod.SHARED_TOKEN, null, "secret", VaultConfiguration.KvVersionSetting.AUTO,
                VaultConfiguration.Scope.platformWide(), false, VaultConfiguration.DEFAULT_RENEWAL_THRESHOLD, cacheTtl, false);
        VaultIdentity identity = new VaultIdentity("config:" + config.id(), base.withToken(VaultToken.of(server.rootToken())));
        List<VaultConfiguration> usable = List.of(config);
        VaultAccess access = new VaultAccess() {
            @Override
            public List<VaultConfiguration> usableIn(UUID projectId) {
                return usable;
            }

            @Override
            public Optional<VaultConfiguration> find(String name, UUID projectId) {
                return name.equals(config.name()) ? Optional.of(config) : Optional.empty();
            }

            @Override
            public VaultIdentity identity(VaultConfiguration c, Caller caller) {
                return identity;
            }
        };
        ProjectMembership everyone = new ProjectMembership() {
            @Override
            public boolean canUse(Caller caller, UUID projectId) {
                return true;
            }

            @Override
            public UUID requireUsable(Caller caller, String name) {
                return project;
            }
        };
        if (platformAudit) {
            try {
                journalDir = Files.createTempDirectory("flowvault-bench-audit");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            auditDb = auditDatabase(journalDir);
            SecretBox box = SecretBox.open(auditDb, MasterKey.generate());
            audit = new Audit(auditDb, box.derivedKey(Audit.KEY_PURPOSE), new Projects(auditDb, Clock.systemUTC(), entries -> Egress.of(entries).entries()), Clock.systemUTC(),
                    "bench", Audit.Options.defaults().journal(journalDir.resolve("audit.journal")));
        } else {
            journalDir = null;
            auditDb = null;
            audit = null;
        }
        resolver = new Resolver(access, everyone, null, cache, audit == null ? AuditTrail.none() : audit, metrics);
    }

    /**
     * A connection with {@code paths} attached secrets and a value using references to them
     * (an attached key, an embedded one, and an explicit path).
     */
    Connection connection(int paths) {
        List<String> attached = new ArrayList<>();
        for (int i = 0; i < paths; i++) {
            attached.add("secret/data/bench/p" + i);
        }
        int last = paths - 1;
        ConnectionInput in = ConnectionInput.builder().name("bench-" + paths).type("SQLPG")
                .value("""
                        host: db1.example.internal
                        service_name: app
                        login: vault.secret(user0)
                        secret: vault.secret(password%d)
                        url: "postgres://vault.secret(user0)@db1:5432/app"
                        audit_password: vault.secret(:secret/data/bench/p%d.password%d)
                        options:
                          ssl: true
                          timeout: 30
                        """.formatted(last, last, last))
                .vaultSecrets(attached).build();
        Instant now = Instant.now();
        return new Connection(UUID.randomUUID(), project, in.name(), in.type(), in.value(), in.valueText(), in.vaultSecrets(),
                in.description(), now, now);
    }

    /**
     * The audit trail's database, by {@code -Dbench.auditDb}: {@code file} (default) an H2 file as
     * {@code flowvault dev} keeps it; {@code mem} an H2 database in memory (the stored trail then
     * grows in the heap, and after a minute of warm resolutions the collector spends more time on
     * it than the benchmark on resolving); {@code postgres} a new schema in
     * {@code FLOWVAULT_TEST_POSTGRES_URL}, whose server shares this machine's cores.
     */
    private static Database auditDatabase(java.nio.file.Path dir) {
        String kind = System.getProperty("bench.auditDb", "file");
        return switch (kind) {
            case "mem" -> Database.open("jdbc:h2:mem:bench" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 4);
            case "file" -> Database.open("jdbc:h2:file:" + dir.resolve("audit-db").toAbsolutePath(), "sa", "", 4);
            case "postgres" -> {
                String base = System.getenv("FLOWVAULT_TEST_POSTGRES_URL");
                if (base == null || base.isBlank()) {
                    throw new IllegalStateException("-Dbench.auditDb=postgres needs FLOWVAULT_TEST_POSTGRES_URL");
                }
                String schema = "bench_" + UUID.randomUUID().toString().replace("-", "");
                try (var c = java.sql.DriverManager.getConnection(base); var st = c.createStatement()) {
                    st.execute("CREATE SCHEMA " + schema);
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException("cannot create a bench schema: " + e.getMessage(), e);
                }
                yield Database.open(base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema, null, null, 4);
            }
            default -> throw new IllegalArgumentException("-Dbench.auditDb must be mem, file or postgres, not " + kind);
        };
    }

    /** Waits until every audit record is in the database (a no-op without the audit trail). */
    void flushAudit(Duration timeout) {
        if (audit != null) {
            audit.flush(timeout);
        }
    }

    @Override
    public void close() {
        if (audit != null) {
            audit.close();
            auditDb.close();
            try (var files = Files.walk(journalDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (java.io.IOException e) {
                // a temporary folder left behind
            }
        }
        cache.close();
        base.close();
        server.close();
    }
}
