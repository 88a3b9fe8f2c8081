package org.flowvault.vault.server.database;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.TreeSet;

/**
 * The machine's PostgreSQL and MariaDB for database engine tests, from
 * {@code FLOWVAULT_TEST_POSTGRES_URL} / {@code FLOWVAULT_TEST_MARIADB_URL} (tests skip, saying so,
 * when unset): an admin connection, the users that exist, and the engine's connection settings.
 */
public record TestDatabases(String plugin, String adminJdbcUrl, String hostPort, String database) {

    public static TestDatabases postgres() {
        String url = System.getenv("FLOWVAULT_TEST_POSTGRES_URL");
        assumeTrue(url != null && !url.isBlank(), "FLOWVAULT_TEST_POSTGRES_URL is not set: skipping the PostgreSQL database engine test");
        return of("postgresql-database-plugin", url);
    }

    public static TestDatabases mariadb() {
        String url = System.getenv("FLOWVAULT_TEST_MARIADB_URL");
        assumeTrue(url != null && !url.isBlank(), "FLOWVAULT_TEST_MARIADB_URL is not set: skipping the MariaDB database engine test");
        return of("mysql-database-plugin", url);
    }

    private static TestDatabases of(String plugin, String jdbcUrl) {
        URI u = URI.create(jdbcUrl.substring("jdbc:".length()));
        String db = u.getPath() == null || u.getPath().length() <= 1 ? "" : u.getPath().substring(1);
        return new TestDatabases(plugin, jdbcUrl, u.getHost() + ":" + u.getPort(), db);
    }

    public boolean postgresql() {
        return plugin.startsWith("postgresql");
    }

    /** Vault's Go-style connection_url for this database, with the {{username}}/{{password}} templates. */
    public String connectionUrl() {
        return postgresql() ? "postgresql://{{username}}:{{password}}@" + hostPort + "/" + database + "?sslmode=disable"
                : "{{username}}:{{password}}@tcp(" + hostPort + ")/";
    }

    /** A JDBC URL for logging in as another user. */
    public String jdbcUrl() {
        return postgresql() ? "jdbc:postgresql://" + hostPort + "/" + database : "jdbc:mariadb://" + hostPort + "/";
    }

    public Connection admin() throws SQLException {
        return DriverManager.getConnection(adminJdbcUrl);
    }

    public void exec(String sql) {
        try (Connection c = admin(); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The database's users now: pg_roles or mysql.user. */
    public Set<String> users() {
        String sql = postgresql() ? "SELECT rolname FROM pg_roles" : "SELECT DISTINCT User FROM mysql.user";
        Set<String> out = new TreeSet<>();
        try (Connection c = admin(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** Creates a root user the engine manages (it may create users), returns its name. */
    public String createRootUser(String name, String password) {
        if (postgresql()) {
            exec("CREATE ROLE \"" + name + "\" WITH LOGIN CREATEROLE PASSWORD '" + password + "'");
        } else {
            exec("CREATE USER '" + name + "'@'%' IDENTIFIED BY '" + password + "'");
            exec("GRANT ALL PRIVILEGES ON *.* TO '" + name + "'@'%' WITH GRANT OPTION");
        }
        return name;
    }

    public void dropUser(String name) {
        exec(postgresql() ? "DROP ROLE IF EXISTS \"" + name + "\"" : "DROP USER IF EXISTS '" + name + "'@'%'");
    }

    /** Whether {@code user} can log in with {@code password} and run a query. */
    public boolean canLogIn(String user, String password) {
        try (Connection c = DriverManager.getConnection(jdbcUrl(), user, password); Statement st = c.createStatement()) {
            st.execute("SELECT 1");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** A creation statement for this database that creates {{name}} with {{password}}. */
    public String creationStatement() {
        return postgresql() ? "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';"
                : "CREATE USER '{{name}}'@'%' IDENTIFIED BY '{{password}}';";
    }
}
