package org.flowvault.platform.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * Fresh, isolated databases for tests: every call gets its own H2 in-memory database or its own
 * PostgreSQL schema (random names, no cleanup needed). PostgreSQL comes from
 * {@code FLOWVAULT_TEST_POSTGRES_URL}; when it is unset the test is skipped with a message that
 * says how to enable it (CI always sets it).
 */
public final class TestDatabases {
    public static final String POSTGRES_ENV = "FLOWVAULT_TEST_POSTGRES_URL";

    private TestDatabases() {
    }

    /** A migrated database of the given dialect. */
    public static Database open(Database.Dialect dialect) {
        return dialect == Database.Dialect.H2 ? h2() : postgres();
    }

    /** A migrated, private in-memory H2 database. */
    public static Database h2() {
        return Database.open("jdbc:h2:mem:t" + random() + ";DB_CLOSE_DELAY=-1", "sa", "", 8);
    }

    /** The JDBC URL of a new, empty PostgreSQL schema; skips the test when PostgreSQL is not configured. */
    public static String postgresSchemaUrl() {
        String base = System.getenv(POSTGRES_ENV);
        Assumptions.assumeTrue(base != null && !base.isBlank(),
                POSTGRES_ENV + " is not set: PostgreSQL tests skipped. Set it, e.g. "
                        + "jdbc:postgresql://127.0.0.1:5432/test?user=postgres, to run them.");
        String schema = "t" + random();
        try (Connection c = DriverManager.getConnection(base); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test schema in " + POSTGRES_ENV + ": " + e.getMessage(), e);
        }
        return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** A migrated database in a new PostgreSQL schema; skips the test when PostgreSQL is not configured. */
    public static Database postgres() {
        return Database.open(postgresSchemaUrl(), null, null, 8);
    }

    /**
     * Stores a project row with id {@code id} (and a random name), for tests that exercise a
     * project-scoped table without the identity services.
     */
    public static UUID project(Database db, UUID id) {
        db.jdbi().useHandle(h -> h.createUpdate("INSERT INTO projects (id, name, created_at) VALUES (:id, :name, :at)")
                .bind("id", id).bind("name", "p" + random()).bind("at", java.time.OffsetDateTime.now()).execute());
        return id;
    }

    private static String random() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
    }
}
