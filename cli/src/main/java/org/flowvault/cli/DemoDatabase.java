package org.flowvault.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.h2.tools.Server;

/**
 * The demo database of dev mode: an H2 database served by H2's TCP server on a free port of
 * 127.0.0.1, so that SQL steps reach it as a remote database ({@code jdbc:h2:tcp://...}) like any
 * other, never in-process. The server opens only existing databases under {@code demo-db/} and
 * refuses connections from other machines.
 *
 * <p>The demo account {@code books_reader} (its password lives only in Vault) may read the table
 * {@code books} and nothing else: it is not an H2 admin, so a flow cannot use H2's file functions
 * ({@code FILE_READ}, {@code CSVREAD}), define Java functions ({@code CREATE ALIAS}) or link other
 * databases through it. The admin account has a random password that exists only in this
 * process's memory; {@link #create(String, String)} therefore rebuilds the database on every start (a few
 * rows) and holds an admin connection open, which keeps the database open with its trace file
 * off: an SQL error never writes statement parameters to disk.
 */
final class DemoDatabase implements AutoCloseable {
    static final String NAME = "demo";
    private final Path dir;
    private final Server server;
    private Connection admin;

    private DemoDatabase(Path dir, Server server) {
        this.dir = dir;
        this.server = server;
    }

    /**
     * Starts the TCP server for {@code dataDir/demo-db} on a free port of 127.0.0.1.
     *
     * @throws IllegalStateException when the server cannot start
     */
    static DemoDatabase start(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize().resolve("demo-db");
        try {
            Files.createDirectories(dir);
            // only local clients are accepted in any case; this also binds the port to loopback alone when
            // no H2 server socket was opened in this JVM before (the property is read once)
            if (System.getProperty("h2.bindAddress") == null) {
                System.setProperty("h2.bindAddress", "127.0.0.1");
            }
            Server server = Server.createTcpServer("-tcpPort", "0", "-ifExists", "-tcpDaemon", "-baseDir", dir.toString()).start();
            return new DemoDatabase(dir, server);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot start the demo database's H2 TCP server: " + e.getMessage(), e);
        }
    }

    /** {@code 127.0.0.1:PORT}: what dev mode's task egress list allows. */
    String address() {
        return "127.0.0.1:" + server.getPort();
    }

    /** The URL SQL steps use. */
    String url() {
        return "jdbc:h2:tcp://" + address() + "/" + NAME;
    }

    /**
     * (Re)creates the database: the demo table, and {@code reader} as a non-admin account with
     * {@code readerPassword} that may only read it. Earlier files of the database (including any
     * trace file an older version left) are deleted first.
     */
    synchronized void create(String reader, String readerPassword) {
        closeAdmin();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith(NAME + ".")).toList()) {
                Files.delete(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear the demo database in " + dir + " (delete the directory to start over)", e);
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String adminUser = "demo_admin";
        try {
            admin = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve(NAME) + ";TRACE_LEVEL_FILE=0",
                    adminUser, HexFormat.of().formatHex(random));
            try (Statement s = admin.createStatement()) {
                s.execute("CREATE TABLE books (id INT PRIMARY KEY, title VARCHAR(200) NOT NULL, "
                        + "author VARCHAR(200) NOT NULL, year_published INT)");
                s.execute("INSERT INTO books VALUES "
                        + "(1, 'The Pragmatic Programmer', 'Andrew Hunt and David Thomas', 1999), "
                        + "(2, 'Designing Data-Intensive Applications', 'Martin Kleppmann', 2017), "
                        + "(3, 'Release It!', 'Michael T. Nygard', 2007)");
            }
            try (Statement s = admin.createStatement()) {
                // CREATE USER takes no parameters: the password is an SQL string literal, quotes doubled
                s.execute("CREATE USER " + reader + " PASSWORD '" + readerPassword.replace("'", "''") + "'");
                s.execute("GRANT SELECT ON books TO " + reader);
            }
        } catch (SQLException e) {
            closeAdmin();
            throw new IllegalStateException("cannot create the demo database in " + dir + ": SQLState " + e.getSQLState()
                    + " (delete the directory to start over)");
        }
    }

    private void closeAdmin() {
        if (admin != null) {
            try {
                admin.close();
            } catch (SQLException e) {
                // closing on the way out or before rebuilding: nothing to recover
            }
            admin = null;
        }
    }

    @Override
    public synchronized void close() {
        server.stop();
        closeAdmin();
    }

    @Override
    public String toString() {
        return "DemoDatabase[" + address() + "]";
    }
}
