package org.flowvault.vault.client.database;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.flowvault.vault.client.VaultException;
import org.flowvault.vault.client.internal.Access;
import org.flowvault.vault.client.internal.ClientJson;
import org.flowvault.vault.client.internal.VaultCalls;
import org.flowvault.vault.client.lease.LeaseOperations.Lease;

/**
 * The database secrets engine at one mount: connection configs, roles and credentials. Obtain it
 * from {@link org.flowvault.vault.client.core.VaultClient#database(String)}. The root password passed
 * to {@link #configure} travels in the request body only, and Vault never returns it. Immutable
 * and thread-safe.
 *
 * <p>Nulls: arguments are required unless a parameter says null is allowed; results are never
 * null unless documented ("or null").
 *
 * <p>Errors: a call Vault refuses or cannot answer throws a {@link org.flowvault.vault.client.VaultException}
 * subclass (each method names the ones it expects); a malformed argument throws
 * {@link IllegalArgumentException} before any request. Messages never carry a secret.
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/secret/databases">Database secrets engine API</a>
 */
public final class DatabaseOperations {
    private final VaultCalls calls;
    private final String mount;

    /** For {@link org.flowvault.vault.client.core.VaultClient}. */
    static {
        Access.operations(DatabaseOperations.class, DatabaseOperations::new);
    }

    DatabaseOperations(VaultCalls calls, String mount) {
        this.calls = calls;
        this.mount = mount;
    }

    public String mount() {
        return mount;
    }

    /**
     * Writes connection config {@code name}: Vault connects to check it ({@code verify_connection}).
     *
     * @param pluginName    {@code postgresql-database-plugin} or {@code mysql-database-plugin}
     * @param connectionUrl with {@code {{username}}} and {@code {{password}}} templates
     * @throws VaultException.InvalidRequest for an unknown plugin or a database that refuses the connection
     */
    public void configure(String name, String pluginName, String connectionUrl, String username, String password,
                          List<String> allowedRoles) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("plugin_name", Objects.requireNonNull(pluginName, "pluginName"));
        body.put("connection_url", Objects.requireNonNull(connectionUrl, "connectionUrl"));
        body.put("username", username == null ? "" : username);
        body.put("password", password == null ? "" : password);
        body.put("allowed_roles", List.copyOf(allowedRoles));
        calls.send("POST", mount + "/config/" + name(name), body);
    }

    /** The config as Vault shows it (connection_details without the password); empty when absent. */
    public Optional<Map<String, Object>> readConfig(String name) {
        try {
            return Optional.of(ClientJson.toMap(calls.get(mount + "/config/" + name(name)).get("data")));
        } catch (VaultException.NotFound e) {
            return Optional.empty();
        }
    }

    public List<String> listConfigs() {
        return list(mount + "/config");
    }

    public void deleteConfig(String name) {
        calls.send("DELETE", mount + "/config/" + name(name), null);
    }

    /** Sets a new random root password only Vault knows ({@code rotate-root/NAME}). */
    public void rotateRoot(String name) {
        calls.send("POST", mount + "/rotate-root/" + name(name), null);
    }

    /**
     * Writes role {@code name}: the SQL that creates a user ({@code {{name}}}, {@code {{password}}},
     * {@code {{expiration}}}), optionally the SQL that drops it (empty: the plugin's default), and
     * its TTLs (null: the mount's).
     */
    public void writeRole(String name, String dbName, List<String> creationStatements, List<String> revocationStatements,
                          Duration defaultTtl, Duration maxTtl) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("db_name", Objects.requireNonNull(dbName, "dbName"));
        body.put("creation_statements", List.copyOf(creationStatements));
        if (revocationStatements != null && !revocationStatements.isEmpty()) {
            body.put("revocation_statements", List.copyOf(revocationStatements));
        }
        if (defaultTtl != null) {
            body.put("default_ttl", ClientJson.seconds(defaultTtl));
        }
        if (maxTtl != null) {
            body.put("max_ttl", ClientJson.seconds(maxTtl));
        }
        calls.send("POST", mount + "/roles/" + name(name), body);
    }

    /** The role as Vault shows it; empty when absent. */
    public Optional<Map<String, Object>> readRole(String name) {
        try {
            return Optional.of(ClientJson.toMap(calls.get(mount + "/roles/" + name(name)).get("data")));
        } catch (VaultException.NotFound e) {
            return Optional.empty();
        }
    }

    public List<String> listRoles() {
        return list(mount + "/roles");
    }

    public void deleteRole(String name) {
        calls.send("DELETE", mount + "/roles/" + name(name), null);
    }

    /**
     * New credentials for {@code role}: a database user that exists until its lease is revoked or
     * expires.
     *
     * @throws VaultException.InvalidRequest for an unknown role, a role its config does not allow,
     *                                       or creation statements the database rejects
     */
    public DatabaseCredentials credentials(String role) {
        String path = mount + "/creds/" + name(role);
        JsonNode answer = calls.get(path);
        JsonNode data = answer.get("data");
        String leaseId = ClientJson.text(answer, "lease_id");
        Lease lease = leaseId == null ? null
                : new Lease(leaseId, ClientJson.duration(answer, "lease_duration"), ClientJson.bool(answer, "renewable"), java.time.Instant.now());
        if (lease == null || ClientJson.text(data, "username") == null) {
            throw new VaultException("Vault's answer to " + path + " carries no credentials or lease", 200, path, List.of());
        }
        return new DatabaseCredentials(ClientJson.text(data, "username"), ClientJson.text(data, "password"), lease);
    }

    private List<String> list(String path) {
        try {
            return ClientJson.strings(calls.send("LIST", path, null).path("data").get("keys"));
        } catch (VaultException.NotFound e) {
            return List.of();
        }
    }

    private static String name(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || name.contains("/")) {
            throw new IllegalArgumentException("a database config or role name must be non-empty and without '/'");
        }
        return name;
    }

    @Override
    public String toString() {
        return "DatabaseOperations[" + mount + "]";
    }

    /**
     * A database user issued for one lease: its name, password and the {@link Lease} that keeps it
     * alive. {@link #toString()} shows the user name and lease, never the password. Immutable.
     */
    public static final class DatabaseCredentials {
        private final String username;
        private final String password;
        private final Lease lease;

        DatabaseCredentials(String username, String password, Lease lease) {
            this.username = username;
            this.password = password;
            this.lease = lease;
        }

        public String username() {
            return username;
        }

        public String password() {
            return password;
        }

        /** The lease: renew it while the user is needed, revoke it when done (the user is dropped). */
        public Lease lease() {
            return lease;
        }

        @Override
        public String toString() {
            return "DatabaseCredentials[" + username + ", " + lease + "]";
        }
    }
}
