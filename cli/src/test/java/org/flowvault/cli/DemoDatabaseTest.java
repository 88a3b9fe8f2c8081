package org.flowvault.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dev mode's demo database as a flow reaches it, through the address dev mode allows: the demo
 * account reads the books and can do nothing that touches the server (no file functions, no Java
 * functions, no linked tables, no other database), and an SQL error leaves nothing on disk.
 */
class DemoDatabaseTest {

    @Test
    void theDemoAccountReadsTheBooksAndNothingOfTheServer(@TempDir Path data) throws Exception {
        Path keys = Files.writeString(data.resolve("master.key"), "k-" + UUID.randomUUID());
        String password = "pw'" + UUID.randomUUID();
        try (DemoDatabase demo = DemoDatabase.start(data)) {
            demo.create("books_reader", password);
            assertThat(demo.url()).matches("jdbc:h2:tcp://127\\.0\\.0\\.1:\\d+/demo");
            try (Connection c = DriverManager.getConnection(demo.url(), "books_reader", password); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM books")) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(3);
                }
                for (String sql : new String[] {
                        "SELECT FILE_READ('" + keys + "', NULL)",
                        "SELECT * FROM CSVREAD('" + keys + "')",
                        "CREATE ALIAS GETP FOR 'java.lang.System.getProperty(java.lang.String)'",
                        "CREATE LINKED TABLE l('org.h2.Driver', 'jdbc:h2:mem:x', 'sa', '', 'INFORMATION_SCHEMA.USERS')",
                        "SCRIPT TO '" + data.resolve("dump.sql") + "'",
                        "CREATE TABLE t (x INT)",
                        "DELETE FROM books",
                        "SET TRACE_LEVEL_FILE 3",
                        "CREATE USER intruder PASSWORD 'x' ADMIN"}) {
                    assertThatThrownBy(() -> s.execute(sql)).as(sql).isInstanceOf(SQLException.class);
                }
            }
            // the server opens only the demo database: no new one can be made through it
            assertThatThrownBy(() -> DriverManager.getConnection(demo.url().replace("/demo", "/other"), "books_reader", password).close())
                    .isInstanceOf(SQLException.class);
            assertThat(data.resolve("dump.sql")).doesNotExist();
        }
    }

    @Test
    void anSqlErrorWithASecretParameterLeavesNothingOnDisk(@TempDir Path data) throws Exception {
        String password = "pw-" + UUID.randomUUID();
        String secret = "secret-" + UUID.randomUUID();
        try (DemoDatabase demo = DemoDatabase.start(data)) {
            demo.create("books_reader", password);
            try (Connection c = DriverManager.getConnection(demo.url(), "books_reader", password);
                 PreparedStatement p = c.prepareStatement("SELECT CAST(? AS INT) FROM books")) {
                p.setString(1, secret);
                assertThatThrownBy(p::executeQuery).isInstanceOf(SQLException.class).hasMessageContaining(secret);
            }
        }
        DataDirScan.assertNoFileContains(data, secret);
        DataDirScan.assertNoFileContains(data, password);
    }

    @Test
    void everyStartRebuildsTheDatabaseSoAnOldTraceFileAndOldAccountsAreGone(@TempDir Path data) throws Exception {
        Path dir = Files.createDirectories(data.resolve("demo-db"));
        Files.writeString(dir.resolve("demo.trace.db"), "an older version traced: SELECT ... {1: 'leaked'}");
        try (DemoDatabase demo = DemoDatabase.start(data)) {
            demo.create("books_reader", "first");
            demo.create("books_reader", "second");
            assertThatThrownBy(() -> DriverManager.getConnection(demo.url(), "books_reader", "first").close()).isInstanceOf(SQLException.class);
            DriverManager.getConnection(demo.url(), "books_reader", "second").close();
        }
        assertThat(dir.resolve("demo.trace.db")).doesNotExist();
    }
}
