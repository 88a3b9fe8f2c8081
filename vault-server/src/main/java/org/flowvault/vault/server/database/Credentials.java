package org.flowvault.vault.server.database;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.flowvault.vault.server.core.LeasedSecret;
import org.flowvault.vault.server.core.MountContext;
import org.flowvault.vault.server.core.Request;
import org.flowvault.vault.server.core.Response;
import org.flowvault.vault.server.core.VaultError;
import org.flowvault.vault.server.storage.Storage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code creds/NAME}: creates a database user per read and revokes (drops) or renews it for the
 * lease manager. A creation that fails leaves no user behind: PostgreSQL rolls the transaction
 * back; MySQL, whose DDL commits at once, has the user dropped again.
 */
final class Credentials {
    private static final Logger LOG = LoggerFactory.getLogger(Credentials.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
    private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String DIGITS = "0123456789";
    /** The format Vault's PostgreSQL plugin gives {{expiration}}. */
    private static final DateTimeFormatter EXPIRATION = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssZ").withZone(ZoneOffset.UTC);

    private final MountContext context;
    private final BiFunction<Storage, String, ConnectionConfig> configs;
    private final BiFunction<Storage, String, DatabaseRole> roles;

    Credentials(MountContext context, BiFunction<Storage, String, ConnectionConfig> configs,
                BiFunction<Storage, String, DatabaseRole> roles) {
        this.context = context;
        this.configs = configs;
        this.roles = roles;
    }

    Response issue(Request r) {
        String roleName = r.param("name");
        DatabaseRole role = roles.apply(r.storage(), roleName);
        if (role == null) {
            throw VaultError.badRequest("unknown role: " + roleName);
        }
        ConnectionConfig config = configs.apply(r.storage(), role.dbName());
        if (config == null) {
            throw VaultError.badRequest("could not find the database configuration the role names in db_name; write it under config/ first");
        }
        if (!config.allows(roleName)) {
            throw VaultError.badRequest("\"" + roleName + "\" is not an allowed role: add it to allowed_roles of its database configuration");
        }
        Duration max = context.maxTtl();
        if (role.maxTtl() > 0 && role.maxTtl() < max.toSeconds()) {
            max = Duration.ofSeconds(role.maxTtl());
        }
        Duration ttl = role.defaultTtl() > 0 ? Duration.ofSeconds(role.defaultTtl()) : context.defaultTtl();
        if (ttl.compareTo(max) > 0) {
            ttl = max;
        }
        DatabasePlugin plugin = config.plugin();
        String display = r.token() == null ? "" : r.token().displayName();
        String username = username(plugin, display, roleName, context.clock().instant());
        String password = password();
        String expiration = EXPIRATION.format(context.clock().instant().plus(ttl));
        create(config, role, username, password, expiration);
        Map<String, Object> internal = new LinkedHashMap<>();
        internal.put("db_name", role.dbName());
        internal.put("role", roleName);
        internal.put("username", username);
        internal.put("revocation_statements", role.revocationStatements());
        internal.put("renew_statements", role.renewStatements());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("username", username);
        data.put("password", password);
        return Response.data(data).secret(new LeasedSecret(internal, ttl, max, true));
    }

    private void create(ConnectionConfig config, DatabaseRole role, String username, String password, String expiration) {
        List<String> sql = Statements.render(role.creationStatements(),
                Map.of("name", username, "username", username, "password", password, "expiration", expiration));
        DatabasePlugin plugin = config.plugin();
        try (Connection c = Jdbc.open(config)) {
            c.setAutoCommit(false);
            try {
                Statements.run(c, sql);
                c.commit();
            } catch (Statements.Failed e) {
                c.rollback();
                c.setAutoCommit(true);
                if (!plugin.postgres()) {
                    dropAfterFailure(c, role, username);
                }
                throw VaultError.badRequest("error creating database user: creation " + e.getMessage()
                        + "; check the role's creation_statements (no user was left behind)");
            }
        } catch (SQLException e) {
            throw VaultError.badRequest("error creating database user: cannot use the database: "
                    + Jdbc.redact(e, config.password(), password));
        }
    }

    /** MySQL commits DDL at once: drop what the failed statements created, ignoring what fails. */
    private static void dropAfterFailure(Connection c, DatabaseRole role, String username) {
        List<String> cleanup = new ArrayList<>(Statements.render(role.rollbackStatements(), Map.of("name", username, "username", username)));
        cleanup.addAll(Statements.render(role.revocationStatements(), Map.of("name", username, "username", username)));
        cleanup.add("DROP USER IF EXISTS '" + username + "'@'%'");
        cleanup.add("DROP USER IF EXISTS '" + username + "'@'localhost'");
        for (String sql : cleanup) {
            try (var st = c.createStatement()) {
                st.execute(sql);
            } catch (SQLException ignored) {
                // best effort: the statement may target what was never created
            }
        }
    }

    /** Drops the lease's user: the role's revocation_statements, else the plugin's default. */
    void revoke(Map<String, Object> internal) {
        ConnectionConfig config = configFor(internal);
        String username = (String) internal.get("username");
        List<String> configured = strings(internal.get("revocation_statements"));
        try (Connection c = Jdbc.open(config)) {
            List<String> sql;
            if (!configured.isEmpty()) {
                sql = Statements.render(configured, Map.of("name", username, "username", username));
            } else if (config.plugin().postgres()) {
                sql = postgresDefaultRevocation(c, username);
            } else {
                sql = Statements.render(DatabasePlugin.MYSQL_REVOCATION, Map.of("name", username, "username", username));
            }
            c.setAutoCommit(!config.plugin().postgres());
            Statements.run(c, sql);
            if (config.plugin().postgres()) {
                c.commit();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the database to revoke a user: " + Jdbc.redact(e, config.password()));
        } catch (Statements.Failed e) {
            throw new IllegalStateException("revocation " + e.getMessage());
        }
    }

    /**
     * Vault's PostgreSQL default: revoke the user's privileges in the schemas where it has any and
     * on the database, then drop the role; nothing when the role is already gone.
     */
    private static List<String> postgresDefaultRevocation(Connection c, String username) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
            st.setString(1, username);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return List.of();
                }
            }
        }
        String user = quote(username);
        List<String> sql = new ArrayList<>();
        // only the schemas where the user holds something: revoking elsewhere needs rights the root user may lack
        try (PreparedStatement st = c.prepareStatement("""
                SELECT table_schema FROM information_schema.role_table_grants WHERE grantee = ?
                UNION SELECT object_schema FROM information_schema.role_usage_grants WHERE grantee = ?
                UNION SELECT n.nspname FROM pg_namespace n, aclexplode(n.nspacl) a, pg_roles r
                      WHERE a.grantee = r.oid AND r.rolname = ?""")) {
            st.setString(1, username);
            st.setString(2, username);
            st.setString(3, username);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    String schema = quote(rs.getString(1));
                    sql.add("REVOKE ALL PRIVILEGES ON ALL TABLES IN SCHEMA " + schema + " FROM " + user);
                    sql.add("REVOKE ALL PRIVILEGES ON ALL SEQUENCES IN SCHEMA " + schema + " FROM " + user);
                    sql.add("REVOKE USAGE ON SCHEMA " + schema + " FROM " + user);
                }
            }
        }
        sql.add("REVOKE ALL PRIVILEGES ON DATABASE " + quote(c.getCatalog()) + " FROM " + user);
        sql.add("DROP ROLE IF EXISTS " + user);
        return sql;
    }

    /** Extends the user's validity (PostgreSQL's VALID UNTIL); MySQL users have none by default. */
    void renew(Map<String, Object> internal, Instant expiry) {
        ConnectionConfig config = configFor(internal);
        List<String> configured = strings(internal.get("renew_statements"));
        if (configured.isEmpty()) {
            configured = config.plugin().defaultRenewStatements;
        }
        if (configured.isEmpty()) {
            return;
        }
        String username = (String) internal.get("username");
        List<String> sql = Statements.render(configured,
                Map.of("name", username, "username", username, "expiration", EXPIRATION.format(expiry)));
        try (Connection c = Jdbc.open(config)) {
            Statements.run(c, sql);
        } catch (SQLException e) {
            throw VaultError.badRequest("cannot renew the database user: " + Jdbc.redact(e, config.password()));
        } catch (Statements.Failed e) {
            throw VaultError.badRequest("cannot renew the database user: renew " + e.getMessage());
        }
    }

    private ConnectionConfig configFor(Map<String, Object> internal) {
        ConnectionConfig config = configs.apply(context.storage(), (String) internal.get("db_name"));
        if (config == null) {
            throw VaultError.badRequest("the lease's database configuration was deleted; use sys/leases/revoke-force to drop the lease");
        }
        return config;
    }

    private static List<String> strings(Object o) {
        if (o instanceof List<?> l) {
            return l.stream().map(String::valueOf).toList();
        }
        return List.of();
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /**
     * Vault's default username template, {@code v-<display>-<role>-<random 20>-<unix time>}, each
     * name part cut to the plugin's length and the whole to the database's limit. Characters other
     * than letters, digits, '-' and '_' become '_' so the name is safe inside quoted identifiers.
     */
    static String username(DatabasePlugin plugin, String displayName, String role, Instant now) {
        String name = "v-" + cut(safe(displayName), plugin.namePartLength) + "-" + cut(safe(role), plugin.namePartLength)
                + "-" + random(LOWER + UPPER + DIGITS, 20) + "-" + now.getEpochSecond();
        return cut(name, plugin.maxUsernameLength);
    }

    /**
     * Vault's default password policy: 20 characters of letters, digits and '-', with at least one
     * lowercase, uppercase, digit and '-'.
     */
    static String password() {
        List<Character> chars = new ArrayList<>();
        for (String required : List.of(LOWER, UPPER, DIGITS, "-")) {
            chars.add(required.charAt(RANDOM.nextInt(required.length())));
        }
        String all = LOWER + UPPER + DIGITS + "-";
        while (chars.size() < 20) {
            chars.add(all.charAt(RANDOM.nextInt(all.length())));
        }
        java.util.Collections.shuffle(chars, RANDOM);
        StringBuilder sb = new StringBuilder();
        chars.forEach(sb::append);
        return sb.toString();
    }

    private static String random(String alphabet, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private static String safe(String s) {
        return s == null ? "" : s.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
