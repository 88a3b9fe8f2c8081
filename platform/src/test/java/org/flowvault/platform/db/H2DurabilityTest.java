package org.flowvault.platform.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The platform's embedded H2 database keeps what it acknowledged and writes nothing beside it: a
 * commit is in the file (the operating system's copy of it, which is what survives {@code kill -9})
 * when it returns, a failing statement leaves no trace file holding its bound values (and Jdbi does
 * not append them to its exception), and a URL that turns either back on is refused.
 */
class H2DurabilityTest {

    @Test
    void aCommitIsInTheFileWhenItReturns(@TempDir Path dir) throws Exception {
        try (Database db = Database.open("jdbc:h2:file:" + dir.resolve("flowvault"), "sa", "", 2)) {
            for (int i = 0; i < 20; i++) {
                UUID id = TestDatabases.project(db, UUID.randomUUID());
                // what the process leaves when it is killed now: the file as the OS has it, no close, no flush
                Path copy = dir.resolve("copy-" + i);
                Files.createDirectories(copy);
                Files.copy(dir.resolve("flowvault.mv.db"), copy.resolve("flowvault.mv.db"));
                try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + copy.resolve("flowvault") + ";DATABASE_TO_LOWER=TRUE", "sa", "");
                     ResultSet r = c.createStatement().executeQuery("SELECT COUNT(*) FROM projects WHERE id = '" + id + "'")) {
                    r.next();
                    assertThat(r.getInt(1)).as("commit %d is in the file", i).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void aFailingStatementLeavesNoTraceFileWithItsValues(@TempDir Path dir) throws Exception {
        String secret = "s3cret-" + UUID.randomUUID();
        try (Database db = Database.open("jdbc:h2:file:" + dir.resolve("flowvault"), "sa", "", 2)) {
            db.jdbi().useHandle(h -> h.execute("CREATE TABLE short_values (v varchar(3))"));
            // a value too long for its column: H2 quotes the value in the error
            assertThatThrownBy(() -> db.jdbi().useHandle(h -> h.createUpdate("INSERT INTO short_values VALUES (:v)").bind("v", secret)
                    .execute())).hasMessageContaining("22001");
            // Jdbi appends the bound values to its exception's message unless told not to
            assertThatThrownBy(() -> db.jdbi().useHandle(h -> h.createUpdate("INSERT INTO no_such_table VALUES (:v)").bind("v", secret)
                    .execute())).hasMessageContaining("42102").hasMessageNotContaining(secret);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> all = files.filter(Files::isRegularFile).toList();
            assertThat(all).as("files beside the database").noneMatch(f -> f.getFileName().toString().endsWith(".trace.db"));
            for (Path f : all) {
                assertThat(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1)).as("%s", f).doesNotContain(secret);
            }
        }
    }

    @Test
    void aUrlThatDelaysCommitsOrTracesToAFileIsRefusedWithoutEchoingIt() {
        for (String setting : List.of("WRITE_DELAY=500", "write_delay=10", "TRACE_LEVEL_FILE=1", "TRACE_LEVEL_FILE=3")) {
            String url = "jdbc:h2:mem:r" + UUID.randomUUID().toString().substring(0, 8) + ";PASSWORD=hunter2;" + setting;
            assertThatThrownBy(() -> Database.open(url, "sa", "", 1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(setting.substring(0, setting.indexOf('=')).toUpperCase(java.util.Locale.ROOT))
                    .hasMessageContaining("remove it")
                    .hasMessageNotContaining("hunter2");
        }
    }

    @Test
    void embeddedUrlsGetTheSettingsAndARemoteServerKeepsItsOwn() {
        assertThat(Database.h2Url("jdbc:h2:file:/data/flowvault")).contains(";WRITE_DELAY=0").contains(";TRACE_LEVEL_FILE=0")
                .contains(";MODE=PostgreSQL");
        assertThat(Database.h2Url("jdbc:h2:./data/flowvault;AUTO_SERVER=TRUE")).contains(";WRITE_DELAY=0").contains(";TRACE_LEVEL_FILE=0");
        assertThat(Database.h2Url("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1;WRITE_DELAY=0")).containsOnlyOnce("WRITE_DELAY");
        // a server applies its own settings (changing them needs admin rights); only a conflicting value is refused
        assertThat(Database.h2Url("jdbc:h2:tcp://db:9092/flowvault")).doesNotContain("WRITE_DELAY").doesNotContain("TRACE_LEVEL_FILE");
        assertThatThrownBy(() -> Database.h2Url("jdbc:h2:tcp://db:9092/flowvault;TRACE_LEVEL_FILE=2"))
                .hasMessageContaining("TRACE_LEVEL_FILE");
    }
}
