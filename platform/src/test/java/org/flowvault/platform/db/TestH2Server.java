package org.flowvault.platform.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.h2.tools.Server;

/**
 * An H2 TCP server for tests of the SQL task, which opens H2 only as a remote database
 * ({@code jdbc:h2:tcp://host:port/name}): one per JVM, on a free port of 127.0.0.1, its database
 * files in a temporary directory. Each {@link #newDatabase} is created by an admin connection that
 * stays open (so the database lives for the JVM) with H2's trace file off; steps connect with the
 * plain URL it returns. Tests that use it must allow 127.0.0.1 in the task egress list.
 *
 * <pre>{@code
 * String url = TestH2Server.shared().newDatabase();        // admin sa, empty password
 * task.execute(Map.of("url", url, "user", "sa", "execute", "SELECT 1"), context);
 * }</pre>
 */
public final class TestH2Server {
    private static TestH2Server shared;
    private final Server server;
    private final List<Connection> keptOpen = new ArrayList<>();

    private TestH2Server(Server server) {
        this.server = server;
    }

    /** The server of this JVM, started on first use. */
    public static synchronized TestH2Server shared() {
        if (shared == null) {
            try {
                Path dir = Files.createTempDirectory("flowvault-test-h2");
                shared = new TestH2Server(Server.createTcpServer("-tcpPort", "0", "-ifNotExists", "-tcpDaemon",
                        "-baseDir", dir.toString()).start());
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot start the test H2 TCP server: " + e.getMessage(), e);
            }
        }
        return shared;
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: the system cleans it up eventually
        }
    }

    public int port() {
        return server.getPort();
    }

    /** The URL of database {@code name} on this server. */
    public String url(String name) {
        return "jdbc:h2:tcp://127.0.0.1:" + port() + "/" + name;
    }

    /** A new, empty database whose admin is {@code sa} with an empty password; returns its URL. */
    public String newDatabase() {
        return newDatabase("sa", "");
    }

    /** A new, empty database whose admin (its first user) is {@code user}; returns its URL. */
    public synchronized String newDatabase(String user, String password) {
        String url = url("t" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT));
        try {
            keptOpen.add(DriverManager.getConnection(url + ";TRACE_LEVEL_FILE=0", user, password));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database on " + url + ": " + e.getMessage(), e);
        }
        return url;
    }

    @Override
    public String toString() {
        return "TestH2Server[127.0.0.1:" + port() + "]";
    }
}
