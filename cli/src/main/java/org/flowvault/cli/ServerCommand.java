package org.flowvault.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.flowvault.cli.logging.KnownSecrets;
import org.flowvault.platform.Platform;
import org.flowvault.platform.audit.Audit;
import org.flowvault.platform.crypto.MasterKey;
import org.flowvault.platform.crypto.MasterKeyring;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.task.Egress;
import org.flowvault.platform.vaultconfig.UrlAllowList;
import org.flowvault.server.ApiServer;
import org.flowvault.server.metrics.PrometheusMetrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code flowvault server --config flowvault.yaml}: one platform node against PostgreSQL (or an
 * H2 file) and any Vault/OpenBao. Several nodes may share one PostgreSQL database: renewals and
 * runs are claimed with SKIP LOCKED, cache invalidations travel by LISTEN/NOTIFY.
 *
 * <pre>
 * listen: 0.0.0.0:8080
 * database: {url: "jdbc:postgresql://db:5432/flowvault", user: flowvault, password_env: FLOWVAULT_DATABASE_PASSWORD, pool_size: 16}
 * master_key_file: /etc/flowvault/master.key      # or FLOWVAULT_MASTER_KEY (base64); first line active, later lines previous keys
 * vault_url_allow_list: [vault.example.com, "*.vault.internal"]
 * task_egress: [db.internal, "*.example.com", 10.0.0.0/8, "https://api.example.com"]   # unset: any public host
 * node_id: node-1
 * renewal_interval: 1m
 * sql: {drivers: [postgresql, mariadb], plugins_directory: /opt/flowvault/jdbc}   # default drivers: all built-in families
 * audit: {journal: /var/lib/flowvault/audit.journal, retention_days: 365}   # default: in-memory journal, kept forever
 * metrics: {token: "..."}                            # /metrics needs "Authorization: Bearer ..."; unset: open
 * </pre>
 * Every key can be overridden by an environment variable: FLOWVAULT_LISTEN, FLOWVAULT_DATABASE_URL,
 * FLOWVAULT_DATABASE_USER, FLOWVAULT_DATABASE_PASSWORD, FLOWVAULT_MASTER_KEY / FLOWVAULT_MASTER_KEY_FILE,
 * FLOWVAULT_MASTER_KEY_PREVIOUS (comma-separated previous keys, during a rotation),
 * FLOWVAULT_VAULT_ALLOW_LIST (comma-separated), FLOWVAULT_TASK_EGRESS (comma-separated), FLOWVAULT_NODE_ID,
 * FLOWVAULT_SQL_DRIVERS (comma-separated), FLOWVAULT_SQL_PLUGINS_DIRECTORY,
 * FLOWVAULT_AUDIT_JOURNAL, FLOWVAULT_AUDIT_RETENTION_DAYS, FLOWVAULT_METRICS_TOKEN.
 *
 * <p>{@code task_egress} is where HTTP, GIT and SQL tasks may connect (see {@link Egress}): host
 * names, {@code *.domain}, addresses and networks, each optionally {@code scheme://} and
 * {@code :port}. Unset, tasks reach any public host and no private, loopback, link-local (cloud
 * metadata) or own address of this server.
 */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Runs a platform node (production): PostgreSQL, any Vault/OpenBao, scale-out ready.")
final class ServerCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    LogOptions logging = new LogOptions();

    private static final String TASK_EGRESS_ENV = "FLOWVAULT_TASK_EGRESS";

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration (keys: docs/operations.md); FLOWVAULT_* environment variables override it.")
    Path config;

    @Option(names = "--bootstrap-admin", paramLabel = "USERNAME",
            description = "Create this admin when the database has no user yet; its password is printed once.")
    String bootstrapAdmin;

    @Override
    public Integer call() throws Exception {
        logging.apply();
        Function<String, String> env = System::getenv;
        JsonNode file;
        try {
            file = config == null ? new ObjectMapper().createObjectNode() : new ObjectMapper(new YAMLFactory()).readTree(config.toFile());
        } catch (IOException e) {
            System.err.println("Error: cannot read the configuration " + config + ": " + e.getMessage().lines().findFirst().orElse(""));
            return 2;
        }
        if (file == null) {
            file = new ObjectMapper().createObjectNode();
        }
        String dbUrl = setting(env, "FLOWVAULT_DATABASE_URL", file.path("database").path("url"));
        if (dbUrl == null) {
            System.err.println("Error: no database: set database.url in the configuration or FLOWVAULT_DATABASE_URL "
                    + "(e.g. jdbc:postgresql://127.0.0.1:5432/flowvault)");
            return 2;
        }
        String passwordEnv = file.path("database").path("password_env").asText("FLOWVAULT_DATABASE_PASSWORD");
        String dbPassword = Optional.ofNullable(env.apply(passwordEnv)).orElse(textOrNull(file.path("database").path("password")));
        KnownSecrets.register(dbPassword);
        String listenText = Optional.ofNullable(setting(env, "FLOWVAULT_LISTEN", file.path("listen"))).orElse("127.0.0.1:8080");
        Listen listen;
        try {
            listen = Listen.parse(listenText, "listen");
        } catch (IllegalArgumentException e) {
            System.err.println("Error: " + e.getMessage());
            return 2;
        }
        MasterKeyring key;
        String keyFile = setting(env, MasterKey.ENV_KEY_FILE, file.path("master_key_file"));
        registerMasterKeyText(env.apply(MasterKey.ENV_KEY), keyFile);
        try {
            key = keyring(env, file);
        } catch (RuntimeException e) {
            System.err.println("Error: " + e.getMessage());
            return 2;
        }
        if (key == null) {
            System.err.println("Error: no master key: set FLOWVAULT_MASTER_KEY (32 random bytes, base64) or master_key_file / "
                    + MasterKey.ENV_KEY_FILE + " (create one with: head -c 32 /dev/urandom | base64 > master.key; chmod 600 master.key)");
            return 2;
        }
        List<String> allow = new ArrayList<>();
        String allowEnv = env.apply("FLOWVAULT_VAULT_ALLOW_LIST");
        if (allowEnv != null) {
            allow.addAll(List.of(allowEnv.split(",")));
        } else {
            file.path("vault_url_allow_list").forEach(n -> allow.add(n.asText()));
        }
        if (allow.isEmpty()) {
            System.err.println("Warning: vault_url_allow_list is empty, so admins cannot register any Vault; "
                    + "list your Vault hosts (or \"*\" for any, not recommended)");
        }
        Egress taskEgress;
        try {
            taskEgress = taskEgress(env, file);
        } catch (IllegalArgumentException e) {
            System.err.println("Error: " + e.getMessage() + " (in " + (env.apply(TASK_EGRESS_ENV) != null ? TASK_EGRESS_ENV
                    : "task_egress of the configuration") + ")");
            return 2;
        }
        String metricsToken = setting(env, "FLOWVAULT_METRICS_TOKEN", file.path("metrics").path("token"));
        ApiServer.Options apiOptions = apiOptions(metricsToken, "metrics.token of the configuration or FLOWVAULT_METRICS_TOKEN");
        if (apiOptions == null) {
            return 2;
        }
        String nodeId = setting(env, "FLOWVAULT_NODE_ID", file.path("node_id"));
        Duration renewalInterval = Duration.parse("PT" + file.path("renewal_interval").asText("1m").toUpperCase());

        Database db = database(env, file, dbUrl, file.path("database").path("pool_size").asInt(16));
        Platform.Builder b = Platform.builder().database(db).masterKeyring(key).vaultUrlAllowList(UrlAllowList.of(allow))
                .taskEgress(taskEgress).metrics(PrometheusMetrics.create());
        if (nodeId != null) {
            b.nodeId(nodeId);
        }
        JsonNode sql = file.path("sql");
        List<String> sqlDrivers = new ArrayList<>();
        Optional.ofNullable(env.apply("FLOWVAULT_SQL_DRIVERS")).ifPresentOrElse(v -> sqlDrivers.addAll(List.of(v.split(","))),
                () -> sql.path("drivers").forEach(n -> sqlDrivers.add(n.asText())));
        if (env.apply("FLOWVAULT_SQL_DRIVERS") != null || sql.has("drivers")) {
            b.sqlDrivers(sqlDrivers);
        }
        Optional.ofNullable(setting(env, "FLOWVAULT_SQL_PLUGINS_DIRECTORY", sql.path("plugins_directory")))
                .ifPresent(dir -> b.sqlPluginDirectory(Path.of(dir)));
        try {
            b.audit(auditOptions(env, file.path("audit")));
        } catch (IllegalArgumentException e) {
            System.err.println("Error: " + e.getMessage());
            return 2;
        }
        Platform platform = b.build();
        if (bootstrapAdmin != null) {
            platform.users().bootstrapAdmin(bootstrapAdmin).ifPresent(pw ->
                    System.out.println("==> Created admin " + bootstrapAdmin + " with password " + pw + " (shown only now)"));
        }
        platform.startBackgroundJobs(renewalInterval);
        ApiServer server = ApiServer.start(platform, listen.host(), listen.port(), apiOptions);
        System.out.println("==> Flowvault node " + platform.nodeId() + " serving " + server.address() + " on " + db.dialect());
        System.out.println("==> Web UI: " + server.address() + "/ (sign in with a Flowvault user name and password); API reference: "
                + server.address() + "/api/docs");
        System.out.println("==> Metrics: " + server.address() + "/metrics (" + (metricsToken == null ? "open" : "bearer metrics token")
                + "); probes: /api/v1/health, /api/v1/ready");
        System.out.println("==> Tasks may connect to: " + taskEgress.describe());
        VaultServerCommand.awaitShutdown(() -> {
            server.close();
            platform.close();
            db.close();
        });
        return 0;
    }

    /**
     * The node's master keys: {@code FLOWVAULT_MASTER_KEY} with {@code FLOWVAULT_MASTER_KEY_PREVIOUS},
     * or the key file ({@code FLOWVAULT_MASTER_KEY_FILE} or {@code master_key_file}: first line active,
     * later lines previous); null when none is set.
     *
     * @throws IllegalArgumentException when a key is malformed (never showing it)
     */
    static MasterKeyring keyring(Function<String, String> env, JsonNode file) {
        if (env.apply(MasterKey.ENV_KEY) != null) {
            return MasterKeyring.fromEnvironment(env);
        }
        String keyFile = setting(env, MasterKey.ENV_KEY_FILE, file.path("master_key_file"));
        return keyFile == null ? null : MasterKeyring.fromFile(Path.of(keyFile)).withPrevious(MasterKeyring.previous(env));
    }

    /**
     * The API server's options with {@code metricsToken} (null: open metrics), the token masked in
     * every log line; null after printing the error when the token is unusable.
     */
    static ApiServer.Options apiOptions(String metricsToken, String where) {
        KnownSecrets.register(metricsToken);
        try {
            return new ApiServer.Options(metricsToken);
        } catch (IllegalArgumentException e) {
            System.err.println("Error: " + e.getMessage() + " (" + where + ")");
            return null;
        }
    }

    /** Masks the master key's text (inline or the file's) in every log line; the key itself checks the text. */
    static void registerMasterKeyText(String inline, String keyFile) {
        KnownSecrets.registerBase64Key(inline);
        if (keyFile != null) {
            try {
                KnownSecrets.registerBase64Key(java.nio.file.Files.readString(Path.of(keyFile), java.nio.charset.StandardCharsets.US_ASCII));
            } catch (IOException | RuntimeException e) {
                // MasterKey.fromFile reports the unreadable file
            }
        }
    }

    /** {@code FLOWVAULT_TASK_EGRESS} (comma-separated) or {@code task_egress} (a list), else any public host. */
    static Egress taskEgress(Function<String, String> env, JsonNode file) {
        String fromEnv = env.apply(TASK_EGRESS_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Egress.of(List.of(fromEnv.split(",", -1)));
        }
        JsonNode node = file.path("task_egress");
        if (node.isMissingNode() || node.isNull()) {
            return Egress.publicHosts();
        }
        if (!node.isArray() || !java.util.stream.StreamSupport.stream(node.spliterator(), false).allMatch(JsonNode::isValueNode)) {
            throw new IllegalArgumentException("task_egress must be a list of hosts, networks or *, e.g. [api.example.com, 10.0.0.0/8]");
        }
        List<String> entries = new ArrayList<>();
        node.forEach(n -> entries.add(n.asText()));
        return Egress.of(entries);
    }

    /**
     * The audit trail's journal file ({@code audit.journal} / {@code FLOWVAULT_AUDIT_JOURNAL}) and
     * retention in days ({@code audit.retention_days} / {@code FLOWVAULT_AUDIT_RETENTION_DAYS}; unset: forever), and
     * whether each journal append is forced to disk ({@code audit.fsync} / {@code FLOWVAULT_AUDIT_FSYNC}: none or append).
     */
    static Audit.Options auditOptions(Function<String, String> env, JsonNode audit) {
        Audit.Options options = Audit.Options.defaults();
        String journal = setting(env, "FLOWVAULT_AUDIT_JOURNAL", audit.path("journal"));
        if (journal != null) {
            options = options.journal(Path.of(journal));
        }
        String days = setting(env, "FLOWVAULT_AUDIT_RETENTION_DAYS", audit.path("retention_days"));
        if (days != null) {
            int n;
            try {
                n = Integer.parseInt(days.strip());
            } catch (NumberFormatException e) {
                n = 0;
            }
            if (n < 1) {
                throw new IllegalArgumentException("the audit retention (audit.retention_days or FLOWVAULT_AUDIT_RETENTION_DAYS) must be "
                        + "a whole number of days, at least 1; leave it unset to keep audit records forever");
            }
            options = options.retention(Duration.ofDays(n));
        }
        String fsync = setting(env, "FLOWVAULT_AUDIT_FSYNC", audit.path("fsync"));
        if (fsync != null) {
            switch (fsync.strip()) {
                case "none" -> options = options.syncEachAppend(false);
                case "append" -> options = options.syncEachAppend(true);
                default -> throw new IllegalArgumentException("audit.fsync (or FLOWVAULT_AUDIT_FSYNC) must be none (the default: "
                        + "records reach the page cache, like Vault's file audit device) or append (each record forced to disk)");
            }
        }
        return options;
    }

    /** The configured database at {@code url}, with its user and password from the file or the environment. */
    static Database database(Function<String, String> env, JsonNode file, String url, int poolSize) {
        String passwordEnv = file.path("database").path("password_env").asText("FLOWVAULT_DATABASE_PASSWORD");
        String password = Optional.ofNullable(env.apply(passwordEnv)).orElse(textOrNull(file.path("database").path("password")));
        return Database.open(url, setting(env, "FLOWVAULT_DATABASE_USER", file.path("database").path("user")), password, poolSize);
    }

    static String setting(Function<String, String> env, String var, JsonNode node) {
        String v = env.apply(var);
        return v != null && !v.isBlank() ? v : textOrNull(node);
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() ? null : node.asText();
    }
}
