package org.flowvault.platform.resolution;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.flowvault.platform.db.Database;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cross-node cache invalidation over PostgreSQL {@code LISTEN/NOTIFY}: a platform thread holds a
 * dedicated connection (outside the pool, so it never starves requests) listening on
 * {@value #CHANNEL}; publishing is a {@code pg_notify} through the pool. Payloads carry a
 * configuration id and a path, never a secret. After a lost connection the listener reconnects
 * and drops the whole local cache, since notifications sent meanwhile are lost.
 */
final class PostgresInvalidationBus implements InvalidationBus {
    static final String CHANNEL = "flowvault_secret_cache";
    private static final Logger LOG = LoggerFactory.getLogger(PostgresInvalidationBus.class);

    private final Database db;
    private final String url;
    private final Properties credentials = new Properties();
    private final String nodeId = UUID.randomUUID().toString();
    private final Consumer<Invalidation> sink;
    private final Runnable lostTrack;
    private final CountDownLatch listening = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean closed;
    private volatile Connection connection;

    PostgresInvalidationBus(Database db, Consumer<Invalidation> sink, Runnable lostTrack) {
        if (!(db.dataSource() instanceof HikariDataSource hikari)) {
            throw new IllegalArgumentException("expected the platform's HikariCP pool");
        }
        this.db = db;
        this.url = hikari.getJdbcUrl();
        if (hikari.getUsername() != null) {
            credentials.setProperty("user", hikari.getUsername());
        }
        if (hikari.getPassword() != null) {
            credentials.setProperty("password", hikari.getPassword());
        }
        this.sink = sink;
        this.lostTrack = lostTrack;
        this.thread = Thread.ofPlatform().daemon().name("flowvault-cache-listener").start(this::run);
        try {
            // Invalidations published after construction must reach this node: wait for LISTEN.
            if (!listening.await(30, TimeUnit.SECONDS)) {
                LOG.warn("the cache invalidation listener is not listening yet; cross-node invalidation starts when it connects");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void publish(Invalidation inv) {
        String payload = nodeId + "|" + inv.configId() + "|" + (inv.path() == null ? "" : inv.path());
        db.jdbi().useHandle(h -> h.createQuery("SELECT pg_notify(:channel, :payload)")
                .bind("channel", CHANNEL).bind("payload", payload).mapTo(String.class).findOne());
    }

    private void run() {
        boolean first = true;
        while (!closed) {
            try (Connection c = DriverManager.getConnection(url, credentials)) {
                connection = c;
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
                if (!first) {
                    lostTrack.run();
                }
                first = false;
                listening.countDown();
                PGConnection pg = c.unwrap(PGConnection.class);
                while (!closed) {
                    PGNotification[] notes = pg.getNotifications(500);
                    if (notes != null) {
                        for (PGNotification n : notes) {
                            receive(n.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.warn("cache invalidation listener lost its database connection ({}); reconnecting", e.getClass().getSimpleName());
                try {
                    Thread.sleep(1000); // back off before reconnecting; not synchronisation
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private void receive(String payload) {
        String[] f = payload.split("\\|", 3);
        if (f.length != 3 || f[0].equals(nodeId)) {
            return;
        }
        try {
            sink.accept(new Invalidation(UUID.fromString(f[1]), f[2].isEmpty() ? null : f[2]));
        } catch (IllegalArgumentException e) {
            LOG.warn("ignored a malformed cache invalidation on channel {}", CHANNEL);
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
    }
}
