package org.flowvault.vault.server.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Role statements as Vault runs them: each configured string may hold several statements
 * separated by ';', and {@code {{name}}} (also {@code {{username}}}), {@code {{password}}} and
 * {@code {{expiration}}} are replaced before running.
 */
final class Statements {
    private Statements() {
    }

    static List<String> render(List<String> configured, Map<String, String> values) {
        List<String> out = new ArrayList<>();
        for (String block : configured) {
            for (String part : block.split(";")) {
                String sql = part.trim();
                if (sql.isEmpty()) {
                    continue;
                }
                for (Map.Entry<String, String> v : values.entrySet()) {
                    sql = sql.replace("{{" + v.getKey() + "}}", v.getValue());
                }
                out.add(sql);
            }
        }
        return out;
    }

    /** A failed statement, said by its position and SQLSTATE: never its text, which holds the password. */
    static final class Failed extends Exception {
        final int index;
        final int count;
        final String sqlState;

        Failed(int index, int count, SQLException cause) {
            super("statement " + index + " of " + count + " failed (SQLSTATE " + cause.getSQLState() + ")", null, false, false);
            this.index = index;
            this.count = count;
            this.sqlState = cause.getSQLState();
        }
    }

    static void run(Connection c, List<String> statements) throws Failed {
        int i = 0;
        for (String sql : statements) {
            i++;
            try (Statement st = c.createStatement()) {
                st.execute(sql);
            } catch (SQLException e) {
                throw new Failed(i, statements.size(), e);
            }
        }
    }
}
