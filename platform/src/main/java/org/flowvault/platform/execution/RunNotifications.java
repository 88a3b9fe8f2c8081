package org.flowvault.platform.execution;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.flowvault.platform.db.Database;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL {@code LISTEN} on the runs channel, so nodes hear at once of runs queued, changed or
 * cancelled elsewhere (the poll interval stays as the fallback). Payloads: {@code queued},
 * {@code cancel:<run id>}, or a run id whose status changed. Holds one pooled connection.
 */
final class RunNotifications implements AutoCloseable {
    static final String CHANNEL = "flowvault_runs";
    private static final Logger LOG = LoggerFactory.getLogger(RunNotifications.class);

    private final Database db;
    private final Signals signals;
    private final Consumer<UUID> cancel;
    private final CountDownLatch stop = new CountDownLatch(1);
    private Thread thread;

    RunNotifications(Database db, Signals signals, Consumer<UUID> cancel) {
        this.db = db;
        this.signals = signals;
        this.cancel = cancel;
    }

    void start() {
        thread = Thread.ofVirtual().name("flowvault-run-notifications").start(this::listenLoop);
    }

    private void listenLoop() {
        while (stop.getCount() > 0) {
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("LISTEN " + CHANNEL);
                PGConnection pg = c.unwrap(PGConnection.class);
                while (stop.getCount() > 0) {
                    PGNotification[] batch = pg.getNotifications(250);
                    if (batch == null) {
                        continue;
                    }
                    for (PGNotification n : batch) {
                        dispatch(n.getParameter());
                    }
                }
                s.execute("UNLISTEN " + CHANNEL);
            } catch (SQLException | RuntimeException e) {
                if (stop.getCount() > 0) {
                    LOG.warn("listening for run notifications failed: {}; retrying (polling covers the gap)", e.getMessage());
                    try {
                        stop.await(1, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        }
    }

    private void dispatch(String payload) {
        if (payload == null) {
            return;
        }
        if (payload.equals("queued")) {
            signals.workAvailable();
            return;
        }
        try {
            if (payload.startsWith("cancel:")) {
                cancel.accept(UUID.fromString(payload.substring(7)));
            } else {
                signals.changed(UUID.fromString(payload));
            }
        } catch (IllegalArgumentException ignored) {
            // not ours
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop.countDown();
        if (thread != null) {
            thread.join(java.time.Duration.ofSeconds(2));
        }
    }
}
