package org.flowvault.platform.vaultconfig;

import org.flowvault.platform.audit.AuditAction;
import org.flowvault.platform.audit.AuditRecord;
import org.flowvault.platform.audit.AuditTrail;
import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.flowvault.platform.crypto.SecretBox;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.db.Times;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.identity.Caller;
import org.flowvault.platform.identity.Projects;
import org.flowvault.platform.vaultconfig.VaultConfiguration.AuthMethod;
import org.flowvault.platform.vaultconfig.VaultConfiguration.KvVersionSetting;
import org.flowvault.platform.vaultconfig.VaultConfiguration.Scope;
import org.jdbi.v3.core.Handle;

/**
 * Vault configurations: admins create, change and delete them and set the credentials of their
 * machine or shared identities (stored encrypted, write-only); members read the configurations in
 * scope of their projects, without credential details. Every write is validated (name, URL scheme
 * and the operator's {@link UrlAllowList}, CA PEM, namespace and mount syntax, threshold, TTL) with a
 * message naming the field. Thread-safe.
 *
 * <p>Talking to Vault (tests, identities) is {@link ProjectVaultAccess}'s job.
 */
public final class VaultConfigurations {
    private static final List<String> FIELDS = List.of("role_id", "secret_id", "username", "password", "token", "certificate",
            "private_key");

    private final Database db;
    private final SecretBox box;
    private final UrlAllowList allowList;
    private final Projects projects;
    private final Clock clock;
    private final AuditTrail audit;
    private final IdentityStatuses statuses;
    /** Told the id of every configuration deleted on this node (the client cache drops its clients). */
    private final List<java.util.function.Consumer<UUID>> deleteListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public VaultConfigurations(Database db, SecretBox box, UrlAllowList allowList, Projects projects, Clock clock) {
        this(db, box, allowList, projects, clock, AuditTrail.none());
    }

    /** Configurations whose every change (fields, credentials, deletion) is recorded in {@code audit}. */
    public VaultConfigurations(Database db, SecretBox box, UrlAllowList allowList, Projects projects, Clock clock, AuditTrail audit) {
        this.audit = Objects.requireNonNull(audit, "audit");
        this.db = Objects.requireNonNull(db, "db");
        this.box = Objects.requireNonNull(box, "box");
        this.allowList = Objects.requireNonNull(allowList, "allowList");
        this.projects = Objects.requireNonNull(projects, "projects");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.statuses = new IdentityStatuses(db, clock);
    }

    /** The platform's clock, which also dates the identities' token sessions. */
    Clock clock() {
        return clock;
    }

    /** Where logins, renewals and failures of the configurations' identities are recorded. */
    IdentityStatuses statuses() {
        return statuses;
    }

    /** A stored configuration with its revision (bumped by every change to it or its credentials). */
    record Stored(VaultConfiguration config, long revision, Instant createdAt, Instant updatedAt) {
    }

    /**
     * Creates a configuration (admin only), with the credentials its auth method needs (may be
     * {@link VaultCredentials#none()} and set later).
     *
     * @throws PlatformException FORBIDDEN for members; INVALID naming a bad field; CONFLICT for a taken name or id
     */
    public VaultConfigurationView create(Caller admin, VaultConfiguration config, VaultCredentials credentials) {
        admin.requireAdmin("create vault configurations");
        VaultConfiguration c = ConfigValidation.validate(config, allowList);
        VaultCredentials creds = credentials == null ? VaultCredentials.none() : credentials;
        if (!creds.equals(VaultCredentials.none())) {
            ConfigValidation.checkCredentials(c, creds);
        }
        checkProjects(c.scope());
        Instant now = clock.instant();
        db.jdbi().useTransaction(h -> {
            requireFreeName(h, c.name(), null);
            if (load(h, "id = :k", c.id()).isPresent()) {
                throw PlatformException.conflict("a vault configuration with id " + c.id() + " already exists");
            }
            h.createUpdate("INSERT INTO vault_configs (id, name, url, enabled, ca_certificate_pem, namespace, auth_namespace, auth_method, "
                            + "auth_mount, auth_role, jwt_file, jwt_env_variable, kv_mount, kv_version, platform_scope, auto_renew, "
                            + "renewal_threshold_seconds, cache_ttl_seconds, serve_stale_on_error, revalidation_interval_seconds, revision, "
                            + "created_at, updated_at) "
                            + "VALUES (:id, :name, :url, :enabled, :pem, :ns, :authNs, :method, :mount, :role, :jwtFile, :jwtEnv, :kv, :kvv, "
                            + ":platform, :renew, :threshold, :cache, :stale, :revalidate, 1, :now, :now)")
                    .bindMap(columns(c)).bind("now", Times.db(now)).execute();
            IdentityStatuses.insert(h, c.id());
            writeScope(h, c);
            writeCredentials(h, c, creds, now);
            changed(AuditAction.CONFIG_CREATE, admin, c, creds.equals(VaultCredentials.none()) ? null : "with credentials");
        });
        return view(admin, require(c.name()));
    }

    /**
     * Replaces every field of the configuration with id {@code config.id()} (admin only); the name
     * may change. Credentials that the new auth method does not use are deleted.
     */
    public VaultConfigurationView update(Caller admin, VaultConfiguration config) {
        admin.requireAdmin("change vault configurations");
        VaultConfiguration c = ConfigValidation.validate(config, allowList);
        checkProjects(c.scope());
        Instant now = clock.instant();
        db.jdbi().useTransaction(h -> {
            Stored old = load(h, "id = :k", c.id())
                    .orElseThrow(() -> PlatformException.notFound("no vault configuration with id " + c.id()));
            requireFreeName(h, c.name(), c.id());
            h.createUpdate("UPDATE vault_configs SET name = :name, url = :url, enabled = :enabled, ca_certificate_pem = :pem, "
                            + "namespace = :ns, auth_namespace = :authNs, auth_method = :method, auth_mount = :mount, auth_role = :role, "
                            + "jwt_file = :jwtFile, jwt_env_variable = :jwtEnv, kv_mount = :kv, kv_version = :kvv, "
                            + "platform_scope = :platform, auto_renew = :renew, renewal_threshold_seconds = :threshold, "
                            + "cache_ttl_seconds = :cache, serve_stale_on_error = :stale, "
                            + "revalidation_interval_seconds = :revalidate, revision = revision + 1, updated_at = :now "
                            + "WHERE id = :id")
                    .bindMap(columns(c)).bind("now", Times.db(now)).execute();
            h.createUpdate("DELETE FROM vault_config_projects WHERE config_id = :id").bind("id", c.id()).execute();
            writeScope(h, c);
            if (old.config().authMethod() != c.authMethod()) {
                h.createUpdate("DELETE FROM vault_config_credentials WHERE config_id = :id").bind("id", c.id()).execute();
            }
            if (!sameIdentity(old.config(), c)) {
                IdentityStatuses.reset(h, c.id());
            }
            changed(AuditAction.CONFIG_UPDATE, admin, c, null);
        });
        return view(admin, require(c.name()));
    }

    /**
     * Sets the credentials given (non-null fields; others keep their stored value) of configuration
     * {@code name} (admin only).
     */
    public VaultConfigurationView setCredentials(Caller admin, String name, VaultCredentials credentials) {
        admin.requireAdmin("set vault credentials");
        Stored s = require(name);
        ConfigValidation.checkCredentials(s.config(), credentials);
        db.jdbi().useTransaction(h -> {
            writeCredentials(h, s.config(), credentials, clock.instant());
            IdentityStatuses.reset(h, s.config().id());
            bump(h, s.config().id());
            changed(AuditAction.CONFIG_UPDATE, admin, s.config(), "credentials set");
        });
        return view(admin, require(name));
    }

    /** Deletes every stored credential of configuration {@code name} (admin only). */
    public VaultConfigurationView clearCredentials(Caller admin, String name) {
        admin.requireAdmin("clear vault credentials");
        Stored s = require(name);
        db.jdbi().useTransaction(h -> {
            h.createUpdate("DELETE FROM vault_config_credentials WHERE config_id = :id").bind("id", s.config().id()).execute();
            IdentityStatuses.reset(h, s.config().id());
            bump(h, s.config().id());
            changed(AuditAction.CONFIG_UPDATE, admin, s.config(), "credentials cleared");
        });
        return view(admin, require(name));
    }

    /** Deletes configuration {@code name} with its credentials and users' tokens (admin only). */
    public void delete(Caller admin, String name) {
        admin.requireAdmin("delete vault configurations");
        Stored s = require(name);
        db.jdbi().useTransaction(h -> {
            h.createUpdate("DELETE FROM vault_configs WHERE id = :id").bind("id", s.config().id()).execute();
            changed(AuditAction.CONFIG_DELETE, admin, s.config(), null);
        });
        deleteListeners.forEach(l -> l.accept(s.config().id()));
    }

    /** True when {@code a} and {@code b} log in as the same identity at the same place (the recorded status still applies). */
    private static boolean sameIdentity(VaultConfiguration a, VaultConfiguration b) {
        return a.url().equals(b.url()) && a.authMethod() == b.authMethod() && Objects.equals(a.authMount(), b.authMount())
                && Objects.equals(a.loginNamespace(), b.loginNamespace()) && Objects.equals(a.authRole(), b.authRole())
                && Objects.equals(a.jwtFile(), b.jwtFile()) && Objects.equals(a.jwtEnvVariable(), b.jwtEnvVariable());
    }

    /** Recorded inside the change's transaction: a change the trail cannot record is rolled back. */
    private void changed(AuditAction action, Caller admin, VaultConfiguration c, String detail) {
        audit.record(AuditRecord.of(action).caller(admin).config(c.name(), c.namespace()).detail(detail).build());
    }

    void onDelete(java.util.function.Consumer<UUID> listener) {
        deleteListeners.add(listener);
    }

    /**
     * Configuration {@code name}: any for an admin; for a member only one in scope of a project
     * they belong to.
     *
     * @throws PlatformException NOT_FOUND when it does not exist or is not visible (not told apart)
     */
    public VaultConfigurationView get(Caller caller, String name) {
        Stored s = db.jdbi().withHandle(h -> load(h, "name = :k", name))
                .filter(x -> visible(caller, x.config(), null))
                .orElseThrow(() -> notFound(name));
        return view(caller, s);
    }

    /** The configurations {@code caller} may see, by name. */
    public List<VaultConfigurationView> list(Caller caller) {
        Set<UUID> mine = caller.isAdmin() ? Set.of() : projects.projectIdsOf(caller);
        List<Stored> all = db.jdbi().withHandle(h -> loadAll(h, "1 = 1", null));
        List<VaultConfigurationView> out = new ArrayList<>();
        for (Stored s : all) {
            if (visible(caller, s.config(), mine)) {
                out.add(view(caller, s));
            }
        }
        return out;
    }

    /** The configuration with this id, without access checks: for the platform's own use. */
    public Optional<VaultConfiguration> byId(UUID id) {
        return db.jdbi().withHandle(h -> load(h, "id = :k", id)).map(Stored::config);
    }

    /** Every configuration, oldest first, without access checks: for the platform's own use. */
    public List<VaultConfiguration> all() {
        return db.jdbi().withHandle(h -> loadAll(h, "1 = 1", null)).stream().map(Stored::config).toList();
    }

    /** Re-checks the URL at use time, so removing an entry from the allow-list takes effect without editing configurations. */
    void checkAllowed(VaultConfiguration c) {
        allowList.check(c.url());
    }

    Optional<Stored> stored(UUID id) {
        return db.jdbi().withHandle(h -> load(h, "id = :k", id));
    }

    /** Whether {@code caller} may see (and use) {@code c}. */
    boolean visible(Caller caller, VaultConfiguration c, Set<UUID> callerProjects) {
        if (caller.isAdmin() || c.scope().platform()) {
            return true;
        }
        Set<UUID> mine = callerProjects != null ? callerProjects : projects.projectIdsOf(caller);
        return c.scope().projects().stream().anyMatch(mine::contains);
    }

    /** The decrypted credentials of configuration {@code id} (only for building its client). */
    VaultCredentials credentials(UUID id) {
        Map<String, String> values = new HashMap<>();
        db.jdbi().useHandle(h -> h.createQuery("SELECT field, ciphertext FROM vault_config_credentials WHERE config_id = :id")
                .bind("id", id)
                .map((rs, ctx) -> Map.entry(rs.getString("field"), rs.getString("ciphertext")))
                .forEach(e -> values.put(e.getKey(), box.open(e.getValue(), recordId(id, e.getKey())))));
        return new VaultCredentials(values.get("role_id"), values.get("secret_id"), values.get("username"),
                values.get("password"), values.get("token"), values.get("certificate"), values.get("private_key"));
    }

    static PlatformException notFound(String name) {
        return PlatformException.notFound("no vault configuration named '" + name + "' (or it is not in scope of your projects)");
    }

    private Stored require(String name) {
        return db.jdbi().withHandle(h -> load(h, "name = :k", name)).orElseThrow(() -> notFound(name));
    }

    private void checkProjects(Scope scope) {
        for (UUID p : scope.projects()) {
            if (projects.byId(p).isEmpty()) {
                throw PlatformException.invalid("scope names project " + p + ", which does not exist");
            }
        }
    }

    private static void requireFreeName(Handle h, String name, UUID self) {
        Optional<UUID> owner = h.createQuery("SELECT id FROM vault_configs WHERE name = :n").bind("n", name).mapTo(UUID.class).findOne();
        if (owner.isPresent() && !owner.get().equals(self)) {
            throw PlatformException.conflict("a vault configuration named '" + name + "' already exists");
        }
    }

    private static void bump(Handle h, UUID id) {
        h.createUpdate("UPDATE vault_configs SET revision = revision + 1 WHERE id = :id").bind("id", id).execute();
    }

    private static Map<String, Object> columns(VaultConfiguration c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("name", c.name());
        m.put("url", c.url().toString());
        m.put("enabled", c.enabled());
        m.put("pem", c.caCertificatePem());
        m.put("ns", c.namespace());
        m.put("authNs", c.authNamespace());
        m.put("method", c.authMethod().name());
        m.put("mount", c.authMount());
        m.put("role", c.authRole());
        m.put("jwtFile", c.jwtFile());
        m.put("jwtEnv", c.jwtEnvVariable());
        m.put("kv", c.kvMount());
        m.put("kvv", c.kvVersion().name());
        m.put("platform", c.scope().platform());
        m.put("renew", c.autoRenew());
        m.put("threshold", c.renewalThreshold().toSeconds());
        m.put("cache", c.cacheTtl().toSeconds());
        m.put("stale", c.serveStaleOnError());
        m.put("revalidate", c.revalidationInterval() == null ? null : c.revalidationInterval().toSeconds());
        return m;
    }

    private static void writeScope(Handle h, VaultConfiguration c) {
        for (UUID p : c.scope().projects()) {
            h.createUpdate("INSERT INTO vault_config_projects (config_id, project_id) VALUES (:c, :p)")
                    .bind("c", c.id()).bind("p", p).execute();
        }
    }

    private void writeCredentials(Handle h, VaultConfiguration c, VaultCredentials creds, Instant now) {
        String[] values = {creds.roleId(), creds.secretId(), creds.username(), creds.password(), creds.token(), creds.certificatePem(),
                creds.privateKeyPem()};
        for (int i = 0; i < FIELDS.size(); i++) {
            if (values[i] == null) {
                continue;
            }
            String field = FIELDS.get(i);
            h.createUpdate("DELETE FROM vault_config_credentials WHERE config_id = :c AND field = :f")
                    .bind("c", c.id()).bind("f", field).execute();
            h.createUpdate("INSERT INTO vault_config_credentials (config_id, field, ciphertext, updated_at) VALUES (:c, :f, :x, :t)")
                    .bind("c", c.id()).bind("f", field).bind("x", box.seal(values[i], recordId(c.id(), field)))
                    .bind("t", Times.db(now)).execute();
        }
    }

    static String recordId(UUID configId, String field) {
        return "vault_config:" + configId + ":" + field;
    }

    private VaultConfigurationView view(Caller caller, Stored s) {
        CredentialStatus status = null;
        IdentityStatus identity = null;
        if (caller.isAdmin()) {
            identity = s.config().authMethod() == AuthMethod.USER_TOKEN ? null : statuses.get(s.config().id());
            Set<String> set = new HashSet<>(db.jdbi().withHandle(h -> h.createQuery(
                    "SELECT field FROM vault_config_credentials WHERE config_id = :id").bind("id", s.config().id()).mapTo(String.class).list()));
            boolean complete = switch (s.config().authMethod()) {
                case USER_TOKEN -> true;
                case APPROLE -> set.contains("role_id") && set.contains("secret_id");
                case USERPASS, LDAP -> set.contains("username") && set.contains("password");
                case SHARED_TOKEN -> set.contains("token");
                case KUBERNETES, JWT -> true;
                case CERT -> set.contains("certificate") && set.contains("private_key");
            };
            status = new CredentialStatus(set.contains("role_id"), set.contains("secret_id"), set.contains("username"),
                    set.contains("password"), set.contains("token"), set.contains("certificate"), set.contains("private_key"), complete);
        }
        return new VaultConfigurationView(s.config(), status, identity, s.createdAt(), s.updatedAt());
    }

    private static Optional<Stored> load(Handle h, String where, Object key) {
        List<Stored> all = loadAll(h, where, key);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    private static List<Stored> loadAll(Handle h, String where, Object key) {
        var q = h.createQuery("SELECT * FROM vault_configs WHERE " + where + " ORDER BY created_at, name");
        if (key != null) {
            q.bind("k", key);
        }
        List<Row> rows = q.map(VaultConfigurations::row).list();
        // one query for every scope instead of one per configuration: usableIn() runs on the resolution path
        Map<UUID, Set<UUID>> scopes = new HashMap<>();
        if (rows.stream().anyMatch(r -> !r.platform())) {
            h.createQuery("SELECT config_id, project_id FROM vault_config_projects")
                    .map((rs, ctx) -> Map.entry(rs.getObject("config_id", UUID.class), rs.getObject("project_id", UUID.class)))
                    .forEach(e -> scopes.computeIfAbsent(e.getKey(), k -> new HashSet<>()).add(e.getValue()));
        }
        List<Stored> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            Scope scope = r.platform() ? Scope.platformWide() : Scope.projects(scopes.getOrDefault(r.id(), Set.of()));
            VaultConfiguration c = new VaultConfiguration(r.id(), r.name(), URI.create(r.url()), r.enabled(), r.pem(), r.namespace(),
                    r.authNamespace(), AuthMethod.valueOf(r.method()), r.authMount(), r.authRole(), r.jwtFile(), r.jwtEnv(), r.kvMount(),
                    KvVersionSetting.valueOf(r.kvVersion()), scope, r.autoRenew(), Duration.ofSeconds(r.threshold()),
                    Duration.ofSeconds(r.cacheTtl()), r.stale(), r.revalidate() == null ? null : Duration.ofSeconds(r.revalidate()));
            out.add(new Stored(c, r.revision(), r.createdAt(), r.updatedAt()));
        }
        return out;
    }

    private record Row(UUID id, String name, String url, boolean enabled, String pem, String namespace, String authNamespace,
                       String method, String authMount, String authRole, String jwtFile, String jwtEnv, String kvMount, String kvVersion,
                       boolean platform, boolean autoRenew, long threshold, long cacheTtl, boolean stale, Long revalidate, long revision,
                       Instant createdAt, Instant updatedAt) {
    }

    private static Row row(ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx) throws SQLException {
        return new Row(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("url"), rs.getBoolean("enabled"),
                rs.getString("ca_certificate_pem"), rs.getString("namespace"), rs.getString("auth_namespace"), rs.getString("auth_method"),
                rs.getString("auth_mount"), rs.getString("auth_role"), rs.getString("jwt_file"), rs.getString("jwt_env_variable"),
                rs.getString("kv_mount"), rs.getString("kv_version"), rs.getBoolean("platform_scope"), rs.getBoolean("auto_renew"),
                rs.getLong("renewal_threshold_seconds"), rs.getLong("cache_ttl_seconds"), rs.getBoolean("serve_stale_on_error"),
                rs.getObject("revalidation_interval_seconds") == null ? null : rs.getLong("revalidation_interval_seconds"),
                rs.getLong("revision"), Times.instant(rs, "created_at"), Times.instant(rs, "updated_at"));
    }

    @Override
    public String toString() {
        return "VaultConfigurations";
    }
}
