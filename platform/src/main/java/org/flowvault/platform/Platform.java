package org.flowvault.platform;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.flowvault.platform.audit.Audit;
import org.flowvault.platform.usedby.UsedBy;
import org.flowvault.platform.audit.AuditAction;
import org.flowvault.platform.audit.AuditRecord;
import org.flowvault.platform.task.SecretWriteListener;
import org.flowvault.platform.vaultconfig.VaultConfiguration;
import org.flowvault.platform.connection.Connections;
import org.flowvault.platform.credential.Credentials;
import org.flowvault.platform.execution.ConnectionResolver;
import org.flowvault.platform.execution.RunEngine;
import org.flowvault.platform.execution.Sealer;
import org.flowvault.platform.flow.CodeFlows;
import org.flowvault.platform.flow.FlowStore;
import org.flowvault.platform.task.Egress;
import org.flowvault.platform.task.TaskRegistry;
import org.flowvault.platform.task.sql.SqlTask;
import org.flowvault.platform.crypto.MasterKey;
import org.flowvault.platform.crypto.MasterKeyRotation;
import org.flowvault.platform.crypto.MasterKeyring;
import org.flowvault.platform.crypto.SecretBox;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.identity.ApiKeys;
import org.flowvault.platform.identity.Caller;
import org.flowvault.platform.identity.Authenticator;
import org.flowvault.platform.identity.PasswordHasher;
import org.flowvault.platform.identity.Projects;
import org.flowvault.platform.identity.Sessions;
import org.flowvault.platform.identity.Users;
import org.flowvault.platform.metrics.PlatformMetrics;
import org.flowvault.platform.renewal.RenewalJob;
import org.flowvault.platform.resolution.Resolution;
import org.flowvault.platform.resolution.SecretPins;
import org.flowvault.platform.resolution.Resolver;
import org.flowvault.platform.resolution.SecretCache;
import org.flowvault.platform.resolution.SecretWriter;
import org.flowvault.platform.resolution.VaultBrowser;
import org.flowvault.platform.usertoken.UserTokens;
import org.flowvault.platform.vaultconfig.ProjectVaultAccess;
import org.flowvault.platform.vaultconfig.UrlAllowList;
import org.flowvault.platform.vaultconfig.VaultClients;
import org.flowvault.platform.vaultconfig.VaultConfigurations;

/**
 * One node of the platform, wired: identity, vault configurations with users' tokens and their
 * renewal, connections and their resolution through the secret cache, flows and the run engine
 * whose tasks receive resolved connections. Interfaces (the REST API,
 * the CLI's dev mode, embedding applications) build one and use its services; nothing else
 * constructs them.
 *
 * <pre>{@code
 * try (Platform platform = Platform.builder().database(db).masterKey(key).build()) {
 *     platform.startBackgroundJobs();
 *     Resolution r = platform.resolver().resolve("demo-db", projectId, caller, Map.of());
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} stops the background jobs, the cache listener and the Vault
 * clients; it does not close the database, which the caller owns.
 */
public final class Platform implements AutoCloseable {
    private final Database database;
    private final Clock clock;
    private final String nodeId;
    private final Users users;
    private final Projects projects;
    private final Sessions sessions;
    private final ApiKeys apiKeys;
    private final Authenticator authenticator;
    private final VaultConfigurations vaultConfigs;
    private final VaultClients vaultClients;
    private final UserTokens userTokens;
    private final ProjectVaultAccess vaults;
    private final RenewalJob renewal;
    private final Connections connections;
    private final SecretCache secretCache;
    private final Resolver resolver;
    private final org.flowvault.platform.lease.DynamicSecrets dynamicSecrets;
    private final SecretWriter secretWriter;
    private final VaultBrowser vaultBrowser;
    private final TaskRegistry tasks;
    private final FlowStore flows;
    private final RunEngine runs;
    private final Credentials credentials;
    private final Audit audit;
    private final UsedBy usedBy;
    private final MasterKeyRotation keyRotation;
    private final PlatformMetrics metrics;
    private ScheduledExecutorService scheduler;

    private Platform(Builder b) {
        database = b.database;
        clock = b.clock;
        nodeId = b.nodeId;
        metrics = b.metrics;
        SecretBox box = SecretBox.open(database, b.masterKey);
        keyRotation = new MasterKeyRotation(database, b.masterKey, nodeId, clock, Duration.ofSeconds(30));
        users = new Users(database, PasswordHasher.defaults(), clock);
        projects = new Projects(database, clock, entries -> Egress.of(entries).entries());
        sessions = new Sessions(database, users, clock, Sessions.DEFAULT_LIFETIME);
        apiKeys = new ApiKeys(database, clock);
        audit = new Audit(database, box.derivedKey(Audit.KEY_PURPOSE), projects, clock, nodeId, b.auditOptions);
        authenticator = new Authenticator(database, clock);
        vaultConfigs = new VaultConfigurations(database, box, b.allowList, projects, clock, audit);
        vaultClients = new VaultClients(vaultConfigs, VaultClients.Options.defaults(), metrics);
        userTokens = new UserTokens(database, box, vaultConfigs, vaultClients, clock, audit);
        vaults = new ProjectVaultAccess(vaultConfigs, vaultClients, userTokens, clock);
        RenewalJob.Options renewalOptions = RenewalJob.Options.defaults();
        renewal = new RenewalJob(database, box, vaultConfigs, vaultClients, clock,
                new RenewalJob.Options(nodeId, renewalOptions.lease(), renewalOptions.batchSize(),
                        renewalOptions.backoffBase(), renewalOptions.backoffMax()), audit, metrics);
        connections = new Connections(database, projects);
        secretCache = SecretCache.create(database);
        resolver = new Resolver(vaults, projects, connections, secretCache, audit, metrics);
        secretWriter = new SecretWriter(vaults, projects, secretCache, audit);
        vaultBrowser = new VaultBrowser(vaults, projects, audit);
        credentials = new Credentials(database, box, projects, users, resolver, clock, audit);
        tasks = StandardTasks.registryWith(new SqlTask(b.sqlPluginDirectory, b.sqlDrivers, ownUrl(database)));
        flows = new FlowStore(database, projects, tasks, clock);
        dynamicSecrets = new org.flowvault.platform.lease.DynamicSecrets(database, vaults, audit, clock);
        ConnectionResolver connectionInputs = new org.flowvault.platform.lease.RunConnectionResolver(resolver, connections, vaults, dynamicSecrets);
        usedBy = new UsedBy(connections, flows, credentials, audit);
        runs = RunEngine.builder()
                .database(database)
                .flows(flows)
                .codeFlows(b.codeFlows)
                .tasks(tasks)
                .connections(connectionInputs)
                .secretWrites((projectId, runAs, config, path, data) -> secretWriter.write(config, projectId, runAs, path, data))
                .vaultAccess(vaults)
                .secretWriteListener(new SecretWriteListener() {
                    @Override
                    public void written(VaultConfiguration config, String path) {
                        secretCache.invalidatePath(config.id(), path);
                        audit.record(AuditRecord.of(AuditAction.SECRET_WRITE).config(config.name(), config.namespace())
                                .secret(null, path, null).detail("VAULT task").build());
                    }

                    @Override
                    public void read(VaultConfiguration config, String path, long version) {
                        audit.record(AuditRecord.of(AuditAction.SECRET_READ).config(config.name(), config.namespace())
                                .secret(null, path, version == 0 ? null : version).detail("VAULT task").build());
                    }
                })
                .audit(audit)
                .membership(projects)
                .sealer(new Sealer() {
                    @Override
                    public String seal(String plaintext, String recordId) {
                        return box.seal(plaintext, recordId);
                    }

                    @Override
                    public String open(String sealed, String recordId) {
                        return box.open(sealed, recordId);
                    }
                })
                .clock(clock)
                .nodeId(nodeId)
                .maxConcurrentRuns(b.maxConcurrentRuns)
                .lease(b.runLease)
                .egress(b.taskEgress)
                .credentials(credentials.runs())
                .runLeases(dynamicSecrets)
                .metrics(metrics)
                .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The platform database's URL as its driver reports it: the SQL task refuses it to every flow. */
    private static String ownUrl(Database database) {
        try (java.sql.Connection c = database.dataSource().getConnection()) {
            return c.getMetaData().getURL();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot read the platform database's URL: " + e.getSQLState(), e);
        }
    }

    /**
     * Starts the run workers, the token renewal job (every {@code renewalPeriod}) and the hourly
     * purge of expired login sessions. Idempotent.
     */
    public synchronized void startBackgroundJobs(Duration renewalPeriod) {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("flowvault-jobs").daemon().factory());
        renewal.start(scheduler, renewalPeriod);
        scheduler.scheduleWithFixedDelay(this::purgeExpiredSessions, 1, 60, java.util.concurrent.TimeUnit.MINUTES);
        scheduler.scheduleWithFixedDelay(this::purgeAudit, 5, 60, java.util.concurrent.TimeUnit.MINUTES);
        scheduler.scheduleWithFixedDelay(this::sweepKeyRotation, 5, 5, java.util.concurrent.TimeUnit.SECONDS);
        runs.startWorkers();
    }

    private void sweepKeyRotation() {
        try {
            keyRotation.sweep(100);
        } catch (RuntimeException e) {
            // retried at the next tick; the progress is in the database
            org.slf4j.LoggerFactory.getLogger(Platform.class).warn("master key rotation sweep failed: {}", e.getMessage());
        }
    }

    /** Master key rotation: start it, watch its progress; every node's background jobs sweep. */
    public MasterKeyRotation keyRotation() {
        return keyRotation;
    }

    private void purgeExpiredSessions() {
        try {
            sessions.purgeExpired();
        } catch (RuntimeException e) {
            // the next hour tries again; an expired session is refused at use anyway
        }
    }

    private void purgeAudit() {
        try {
            audit.purge();
        } catch (RuntimeException e) {
            // the next hour tries again; records past retention only wait longer
        }
    }

    public Database database() {
        return database;
    }

    public Clock clock() {
        return clock;
    }

    /** This node's id, used to claim work (renewals, runs) in a shared database. */
    public String nodeId() {
        return nodeId;
    }

    public Users users() {
        return users;
    }

    public Projects projects() {
        return projects;
    }

    public Sessions sessions() {
        return sessions;
    }

    public ApiKeys apiKeys() {
        return apiKeys;
    }

    public Authenticator authenticator() {
        return authenticator;
    }

    public VaultConfigurations vaultConfigs() {
        return vaultConfigs;
    }

    /** Vault access per configuration and identity; also tests configurations. */
    public ProjectVaultAccess vaults() {
        return vaults;
    }

    public UserTokens userTokens() {
        return userTokens;
    }

    public RenewalJob renewal() {
        return renewal;
    }

    public Connections connections() {
        return connections;
    }

    public SecretCache secretCache() {
        return secretCache;
    }

    public Resolver resolver() {
        return resolver;
    }

    /** Browses Vault as the caller's identity, for the key-icon picker. */
    public VaultBrowser vaultBrowser() {
        return vaultBrowser;
    }

    public SecretWriter secretWriter() {
        return secretWriter;
    }

    /** The task types (SQL, HTTP, GIT, VAULT...). */
    public TaskRegistry tasks() {
        return tasks;
    }

    /** Flow definitions (YAML, versioned, per project). */
    public FlowStore flows() {
        return flows;
    }

    /** Runs: start, get, wait, cancel, input, logs; its workers run on this node. */
    public RunEngine runs() {
        return runs;
    }

    /** Where this node reports resolutions, Vault requests, renewals and runs ({@link PlatformMetrics#none()} by default). */
    public PlatformMetrics metrics() {
        return metrics;
    }

    /** The credential vault: website logins encrypted by the client, and the projects' credential keys. */
    public Credentials credentials() {
        return credentials;
    }

    /** The audit trail: every use of a secret, listed, exported, verified, purged past retention. */
    public Audit audit() {
        return audit;
    }

    /** Which connections and flows reference a Vault secret or credential entry, and when it was last used. */
    public UsedBy usedBy() {
        return usedBy;
    }

    @Override
    public synchronized void close() {
        runs.close();
        dynamicSecrets.close();
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        audit.close();
        renewal.close();
        secretCache.close();
        vaultClients.close();
    }

    @Override
    public String toString() {
        return "Platform[node " + nodeId + ", " + database.dialect() + "]";
    }

    /** Options of a platform node; {@link #build()} validates them. */
    public static final class Builder {
        private Database database;
        private MasterKeyring masterKey;
        private UrlAllowList allowList = UrlAllowList.of(java.util.List.of());
        private Clock clock = Clock.systemUTC();
        private String nodeId = "node-" + UUID.randomUUID().toString().substring(0, 8);
        private java.nio.file.Path sqlPluginDirectory;
        private java.util.List<String> sqlDrivers = SqlTask.DEFAULT_DRIVERS;
        private CodeFlows codeFlows = CodeFlows.none();
        private int maxConcurrentRuns = 64;
        private Duration runLease = Duration.ofSeconds(30);
        private Egress taskEgress = Egress.publicHosts();
        private Audit.Options auditOptions = Audit.Options.defaults();
        private PlatformMetrics metrics = PlatformMetrics.none();

        private Builder() {
        }

        /** The platform database (required); the caller keeps ownership. */
        public Builder database(Database database) {
            this.database = database;
            return this;
        }

        /** The key that wraps the data key of every persisted secret (required). */
        public Builder masterKey(MasterKey masterKey) {
            this.masterKey = MasterKeyring.of(Objects.requireNonNull(masterKey, "masterKey"));
            return this;
        }

        /** The master keys during a rotation: the active key wraps, previous keys are only read. */
        public Builder masterKeyring(MasterKeyring ring) {
            this.masterKey = Objects.requireNonNull(ring, "ring");
            return this;
        }

        /** Which Vault URLs admins may register (default: none, so the operator must say which). */
        public Builder vaultUrlAllowList(UrlAllowList allowList) {
            this.allowList = Objects.requireNonNull(allowList, "allowList");
            return this;
        }

        /** The clock of expiries and renewals; tests inject one to drive days in milliseconds. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** This node's id in a shared database (default: random). */
        public Builder nodeId(String nodeId) {
            this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
            return this;
        }

        /** A directory of extra JDBC driver jars for the SQL task (e.g. Oracle's), or null. */
        public Builder sqlPluginDirectory(java.nio.file.Path dir) {
            this.sqlPluginDirectory = dir;
            return this;
        }

        /**
         * The JDBC subprotocols SQL steps may use (default {@link SqlTask#DEFAULT_DRIVERS}: postgresql,
         * mariadb, mysql, h2 — remote {@code tcp:} only —, oracle, sqlserver); a plugin driver's
         * subprotocol must be listed to be usable.
         */
        public Builder sqlDrivers(java.util.List<String> drivers) {
            this.sqlDrivers = java.util.List.copyOf(drivers);
            return this;
        }

        /** Flows written in Java by the embedding application, runnable by name. */
        public Builder codeFlows(CodeFlows codeFlows) {
            this.codeFlows = Objects.requireNonNull(codeFlows, "codeFlows");
            return this;
        }

        /** How many runs this node executes at once (default 64). */
        public Builder maxConcurrentRuns(int n) {
            this.maxConcurrentRuns = n;
            return this;
        }

        /**
         * How long a node holds a run between heartbeats (default 30 s): after a node stops, its
         * runs are failed or retried once this passes. Shorter means faster recovery, more writes.
         */
        public Builder runLease(Duration lease) {
            this.runLease = Objects.requireNonNull(lease, "lease");
            return this;
        }

        /**
         * Where tasks may connect (default: any public host, never an internal address such as
         * loopback, link-local or this server's own); see {@link Egress}.
         */
        public Builder taskEgress(Egress egress) {
            this.taskEgress = Objects.requireNonNull(egress, "egress");
            return this;
        }

        /**
         * How the audit trail keeps records (default {@link Audit.Options#defaults()}: an in-memory
         * journal, records kept forever); servers set a journal file and a retention.
         */
        public Builder audit(Audit.Options options) {
            this.auditOptions = Objects.requireNonNull(options, "options");
            return this;
        }

        /** Where the node reports what it does, e.g. the server's Prometheus registry (default: nowhere). */
        public Builder metrics(PlatformMetrics metrics) {
            this.metrics = Objects.requireNonNull(metrics, "metrics");
            return this;
        }

        public Platform build() {
            if (database == null) {
                throw new IllegalStateException("a platform needs a database: call database(Database.open(...)) before build()");
            }
            if (masterKey == null) {
                throw new IllegalStateException("a platform needs a master key: call masterKey(MasterKey.loadOrCreate(file)) or MasterKey.fromEnvironment(System::getenv)");
            }
            return new Platform(this);
        }
    }
}
