package org.flowvault.cli;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.file.Path;

/**
 * The demo database of dev mode: an H2 file database whose only account's password lives in Vault
 * ({@code secret/demo/db}), with a small table the demo flow queries.
 */
final class DemoDatabase {
    private DemoDatabase() {
    }

    static String url(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().normalize().resolve("demo-db").resolve("demo");
    }

    /** Creates the database (its first connection sets the account) and the demo table. */
    static void ensure(String url, String user, String password) {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS books (id INT PRIMARY KEY, title VARCHAR(200) NOT NULL, "
                    + "author VARCHAR(200) NOT NULL, year_published INT)");
            s.execute("MERGE INTO books KEY (id) VALUES "
                    + "(1, 'The Pragmatic Programmer', 'Andrew Hunt and David Thomas', 1999), "
                    + "(2, 'Designing Data-Intensive Applications', 'Martin Kleppmann', 2017), "
                    + "(3, 'Release It!', 'Michael T. Nygard', 2007)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the demo database at " + url + ": " + e.getSQLState()
                    + " (delete the data directory to start over)", e);
        }
    }
}
