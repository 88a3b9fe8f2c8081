package org.flowvault.platform.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The row-locking clause for claiming work from a table several nodes share. PostgreSQL's
 * {@code FOR UPDATE SKIP LOCKED} lets each node take rows nobody else holds without waiting; an
 * engine that lacks it (checked, not assumed, since H2 versions differ) gets plain
 * {@code FOR UPDATE}, which is correct but makes concurrent claimers wait for each other — fine for
 * the single-node embedded database.
 */
public final class RowLocks {
    private RowLocks() {
    }

    /**
     * {@code "FOR UPDATE SKIP LOCKED"} when {@code db} accepts it on {@code table}, else
     * {@code "FOR UPDATE"}. Probes with a query that reads no rows.
     */
    public static String claimClause(Database db, String table) {
        if (!table.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a table name: " + table);
        }
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            try {
                s.executeQuery("SELECT 1 FROM " + table + " WHERE 1 = 0 FOR UPDATE SKIP LOCKED").close();
                return "FOR UPDATE SKIP LOCKED";
            } catch (SQLException unsupported) {
                return "FOR UPDATE";
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot probe row locking on " + table + ": " + e.getMessage(), e);
        }
    }
}
