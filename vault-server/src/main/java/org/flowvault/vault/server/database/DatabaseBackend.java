package org.flowvault.vault.server.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.flowvault.vault.server.core.Backend;
import org.flowvault.vault.server.core.MountContext;
import org.flowvault.vault.server.core.Request;
import org.flowvault.vault.server.core.Response;
import org.flowvault.vault.server.core.Routes;
import org.flowvault.vault.server.core.VaultError;
import org.flowvault.vault.server.internal.ServerJson;
import org.flowvault.vault.server.storage.Storage;

/**
 * The database secrets engine's routes: {@code config/NAME} (write, read without the password,
 * list, delete), {@code rotate-root/NAME}, {@code reset/NAME}, {@code roles/NAME} and
 * {@code creds/NAME}. Configs are stored under {@code config/}, roles under {@code role/}.
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/secret/databases">Database secrets engine API</a>
 */
public final class DatabaseBackend implements Backend {
    /** Vault's GenericNameRegex. */
    private static final String NAME = "(?<name>\\w(?:[\\w.-]*\\w)?)";

    private final Routes routes = new Routes();
    private final Credentials credentials;

    private DatabaseBackend(MountContext context) {
        this.credentials = new Credentials(context, this::config, this::role);
        routes.path("config/?").list(r -> list(r.storage(), "config/"));
        routes.path("config/" + NAME).write(this::writeConfig).read(r -> Response.data(requireConfig(r).view()))
                .delete(r -> delete(r, "config/"))
                .exists(r -> config(r.storage(), r.param("name")) != null);
        routes.path("rotate-root/" + NAME).write(this::rotateRoot);
        routes.path("reset/" + NAME).write(r -> {
            requireConfig(r);
            return Response.empty(); // one connection per call: nothing to reset
        });
        routes.path("roles/?").list(r -> list(r.storage(), "role/"));
        routes.path("roles/" + NAME).write(this::writeRole)
                .read(r -> {
                    DatabaseRole role = role(r.storage(), r.param("name"));
                    if (role == null) {
                        throw VaultError.notFound();
                    }
                    return Response.data(role.view());
                })
                .delete(r -> delete(r, "role/"))
                .exists(r -> role(r.storage(), r.param("name")) != null);
        routes.path("creds/" + NAME).read(credentials::issue);
    }

    /** The factory for mount type {@code database}. */
    public static Backend create(MountContext context) {
        return new DatabaseBackend(context);
    }

    @Override
    public Response handle(Request request) {
        return routes.dispatch(request);
    }

    @Override
    public Boolean exists(Request request) {
        return routes.exists(request);
    }

    @Override
    public void revokeSecret(Map<String, Object> internal) {
        credentials.revoke(internal);
    }

    @Override
    public void renewSecret(Map<String, Object> internal, Instant expiry) {
        credentials.renew(internal, expiry);
    }

    // ---- config ---------------------------------------------------------------------------------

    private Response writeConfig(Request r) {
        String name = r.param("name");
        ConnectionConfig old = config(r.storage(), name);
        String pluginName = r.has("plugin_name") ? r.string("plugin_name") : old == null ? "" : old.pluginName();
        if (pluginName.isEmpty()) {
            throw VaultError.badRequest("empty plugin name: set plugin_name to one of " + DatabasePlugin.supportedNames());
        }
        DatabasePlugin plugin = DatabasePlugin.byName(pluginName).orElseThrow(() -> VaultError.badRequest(
                "error creating database object: plugin_name is not a known database plugin; use one of "
                        + DatabasePlugin.supportedNames()));
        String url = r.has("connection_url") ? r.string("connection_url") : old == null ? "" : old.connectionUrl();
        if (url.isEmpty()) {
            throw VaultError.badRequest("error creating database object: connection_url cannot be empty");
        }
        ConnectionConfig c = new ConnectionConfig(pluginName, url,
                r.has("username") ? r.string("username") : old == null ? "" : old.username(),
                r.has("password") ? r.string("password") : old == null ? "" : old.password(),
                r.has("allowed_roles") ? r.stringList("allowed_roles") : old == null ? List.of() : old.allowedRoles(),
                r.has("root_rotation_statements") ? r.stringList("root_rotation_statements")
                        : old == null ? List.of() : old.rootRotationStatements(),
                r.bool("verify_connection", true));
        Jdbc.Target target;
        try {
            target = Jdbc.target(plugin, url, c.username(), c.password());
        } catch (IllegalArgumentException e) {
            throw VaultError.badRequest("error creating database object: " + e.getMessage());
        }
        if (c.verifyConnection()) {
            try (Connection conn = Jdbc.open(target)) {
                conn.isValid(5);
            } catch (SQLException e) {
                throw VaultError.badRequest("error creating database object: error verifying connection: "
                        + Jdbc.redact(e, c.password(), target.password()) + "; check connection_url, username and password");
            }
        }
        r.storage().put("config/" + name, ServerJson.write(c));
        return Response.empty();
    }

    /**
     * {@code rotate-root/NAME}: sets a new random password for the root user in the database (the
     * config's root_rotation_statements, else the plugin's default) and stores it; from now on only
     * the engine knows it.
     */
    private Response rotateRoot(Request r) {
        ConnectionConfig c = requireConfig(r);
        if (c.username().isEmpty()) {
            throw VaultError.badRequest("unable to rotate root credentials: no username in configuration");
        }
        String newPassword = Credentials.password();
        List<String> configured = c.rootRotationStatements().isEmpty()
                ? c.plugin().defaultRootRotationStatements : c.rootRotationStatements();
        List<String> sql = Statements.render(configured, Map.of("username", c.username(), "name", c.username(), "password", newPassword));
        try (Connection conn = Jdbc.open(c)) {
            Statements.run(conn, sql);
        } catch (SQLException e) {
            throw VaultError.badRequest("failed to rotate root credentials: cannot connect: " + Jdbc.redact(e, c.password(), newPassword));
        } catch (Statements.Failed e) {
            throw VaultError.badRequest("failed to rotate root credentials: root rotation " + e.getMessage()
                    + "; check root_rotation_statements and that the user may change its password");
        }
        r.storage().put("config/" + r.param("name"), ServerJson.write(c.withPassword(newPassword)));
        return Response.empty();
    }

    private ConnectionConfig requireConfig(Request r) {
        ConnectionConfig c = config(r.storage(), r.param("name"));
        if (c == null) {
            throw VaultError.notFound();
        }
        return c;
    }

    ConnectionConfig config(Storage storage, String name) {
        byte[] raw = storage.get("config/" + name);
        return raw == null ? null : ServerJson.read(raw, ConnectionConfig.class);
    }

    // ---- roles ----------------------------------------------------------------------------------

    private Response writeRole(Request r) {
        String name = r.param("name");
        DatabaseRole old = role(r.storage(), name);
        String db = r.has("db_name") ? r.string("db_name") : old == null ? "" : old.dbName();
        if (db.isEmpty()) {
            throw VaultError.badRequest("empty database name attribute: set db_name to a connection under config/");
        }
        List<String> creation = r.has("creation_statements") ? statementList(r, "creation_statements")
                : old == null ? List.of() : old.creationStatements();
        if (creation.isEmpty()) {
            throw VaultError.badRequest("empty creation statements: set creation_statements to the SQL that creates {{name}} with {{password}}");
        }
        long defaultTtl = r.has("default_ttl") ? r.duration("default_ttl", java.time.Duration.ZERO).toSeconds()
                : old == null ? 0 : old.defaultTtl();
        long maxTtl = r.has("max_ttl") ? r.duration("max_ttl", java.time.Duration.ZERO).toSeconds()
                : old == null ? 0 : old.maxTtl();
        if (maxTtl > 0 && defaultTtl > maxTtl) {
            throw VaultError.badRequest("ttl cannot be greater than max_ttl: lower default_ttl or raise max_ttl");
        }
        DatabaseRole role = new DatabaseRole(db, creation,
                statements(r, "revocation_statements", old == null ? List.of() : old.revocationStatements()),
                statements(r, "rollback_statements", old == null ? List.of() : old.rollbackStatements()),
                statements(r, "renew_statements", old == null ? List.of() : old.renewStatements()),
                defaultTtl, maxTtl);
        r.storage().put("role/" + name, ServerJson.write(role));
        return Response.empty();
    }

    private static List<String> statements(Request r, String field, List<String> fallback) {
        return r.has(field) ? statementList(r, field) : fallback;
    }

    /**
     * A statements field as Vault's TypeStringSlice: a JSON list, or one string kept whole (SQL has
     * commas, so it is not split on them; ';' separates statements later).
     */
    private static List<String> statementList(Request r, String field) {
        Object v = r.raw(field);
        if (v instanceof String s) {
            return s.isBlank() ? List.of() : List.of(s);
        }
        if (v instanceof List<?> l && l.stream().allMatch(o -> o instanceof String)) {
            return l.stream().map(String.class::cast).filter(s -> !s.isBlank()).toList();
        }
        throw VaultError.badRequest("error converting input for field \"" + field + "\": expected a string or a list of strings");
    }

    DatabaseRole role(Storage storage, String name) {
        byte[] raw = storage.get("role/" + name);
        return raw == null ? null : ServerJson.read(raw, DatabaseRole.class);
    }

    private static Response delete(Request r, String prefix) {
        r.storage().delete(prefix + r.param("name"));
        return Response.empty();
    }

    private static Response list(Storage storage, String prefix) {
        List<String> keys = storage.list(prefix);
        if (keys.isEmpty()) {
            throw VaultError.notFound();
        }
        return Response.data(Map.of("keys", keys));
    }
}
