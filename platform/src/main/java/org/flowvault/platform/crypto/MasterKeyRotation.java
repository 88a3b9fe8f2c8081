package org.flowvault.platform.crypto;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.flowvault.platform.db.Database;

/**
 * Master key rotation with no downtime. {@link #start()} records a rotation to this node's active
 * key; {@link #sweep(int)}, run by every node's background job, re-wraps the data keys still wrapped
 * by another key, a batch at a time, keeping its progress in the database. One node sweeps at a time
 * (a lease on the rotation row; a crashed sweeper's lease lapses and another node resumes). The
 * data key itself does not change, so records sealed with it are untouched and every running node
 * keeps reading and writing throughout; a node that restarts meanwhile needs the new key as
 * active or previous key of its {@link MasterKeyring}. When nothing is left under an old key the
 * rotation is done and the old keys are retired: {@link Status#retiredKeyIds()} may be removed
 * from every node's configuration.
 *
 * <p>Thread-safe; state lives in the database only.
 */
public final class MasterKeyRotation {
    private final Database db;
    private final MasterKeyring ring;
    private final String nodeId;
    private final Clock clock;
    private final Duration lease;

    /** Rotation on {@code db} as node {@code nodeId}, with {@code ring}'s active key as target. */
    public MasterKeyRotation(Database db, MasterKeyring ring, String nodeId, Clock clock, Duration lease) {
        this.db = Objects.requireNonNull(db, "db");
        this.ring = Objects.requireNonNull(ring, "ring");
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lease = Objects.requireNonNull(lease, "lease");
    }

    /**
     * A rotation's progress.
     *
     * @param state {@code running} or {@code done}
     * @param total data keys to re-wrap when it started
     * @param rewrapped data keys re-wrapped so far
     * @param retiredKeyIds once done, the old keys' ids, which no record needs any longer
     */
    public record Status(String id, String targetKeyId, String state, int total, int rewrapped, List<String> retiredKeyIds,
                         Instant startedAt, Instant finishedAt) {
        /** Whether the sweep has finished. */
        public boolean done() {
            return "done".equals(state);
        }
    }

    /**
     * Starts a rotation to this node's active key, or returns the running one with that target.
     *
     * @throws IllegalStateException when a rotation to another key is running (naming both key ids)
     */
    public Status start() {
        String target = ring.active().id();
        Optional<Status> running = status().filter(s -> !s.done());
        if (running.isPresent()) {
            if (running.get().targetKeyId().equals(target)) {
                return running.get();
            }
            throw new IllegalStateException("a rotation to master key " + running.get().targetKeyId()
                    + " is running; let it finish before rotating to " + target);
        }
        String id = UUID.randomUUID().toString();
        db.jdbi().useTransaction(h -> {
            List<String> from = h.createQuery("SELECT DISTINCT master_key_id FROM data_keys WHERE master_key_id IS NULL OR master_key_id <> :t")
                    .bind("t", target).map((rs, ctx) -> Optional.ofNullable(rs.getString(1)).orElse("unknown")).list();
            int total = h.createQuery("SELECT COUNT(*) FROM data_keys WHERE master_key_id IS NULL OR master_key_id <> :t")
                    .bind("t", target).mapTo(Integer.class).one();
            h.createUpdate("INSERT INTO master_key_rotations (id, target_key_id, state, total, rewrapped, from_key_ids, started_at) "
                            + "VALUES (:id, :t, 'running', :total, 0, :from, :now)")
                    .bind("id", id).bind("t", target).bind("total", total).bind("from", String.join(",", from.stream().sorted().toList()))
                    .bind("now", now()).execute();
        });
        return status().orElseThrow();
    }

    /** The latest rotation, if any was started. */
    public Optional<Status> status() {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT id, target_key_id, state, total, rewrapped, from_key_ids, started_at, "
                        + "finished_at FROM master_key_rotations ORDER BY started_at DESC, id LIMIT 1")
                .map((rs, ctx) -> new Status(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getInt(5),
                        "done".equals(rs.getString(3)) ? ids(rs.getString(6)) : List.of(),
                        rs.getObject(7, OffsetDateTime.class).toInstant(),
                        Optional.ofNullable(rs.getObject(8, OffsetDateTime.class)).map(OffsetDateTime::toInstant).orElse(null)))
                .findOne());
    }

    /**
     * One step of the sweep: when a rotation to this node's active key is running and this node
     * holds (or takes) its lease, re-wraps up to {@code batchSize} data keys; finishes the rotation
     * when none is left. Returns the number re-wrapped, 0 when there was nothing for this node to do.
     */
    public int sweep(int batchSize) {
        Optional<Status> running = status().filter(s -> !s.done() && s.targetKeyId().equals(ring.active().id()));
        if (running.isEmpty() || !claim(running.get().id())) {
            return 0;
        }
        String rotation = running.get().id();
        String target = ring.active().id();
        List<SecretBox.WrappedKey> batch = db.jdbi().withHandle(h -> h.createQuery("SELECT id, wrapped_key, master_key_id FROM data_keys "
                        + "WHERE master_key_id IS NULL OR master_key_id <> :t ORDER BY id LIMIT :n")
                .bind("t", target).bind("n", batchSize)
                .map((rs, ctx) -> new SecretBox.WrappedKey(rs.getString(1), rs.getString(2), rs.getString(3))).list());
        if (batch.isEmpty()) {
            db.jdbi().useHandle(h -> h.createUpdate("UPDATE master_key_rotations SET state = 'done', finished_at = :now, "
                            + "lease_owner = NULL, lease_until = NULL WHERE id = :id AND state = 'running'")
                    .bind("now", now()).bind("id", rotation).execute());
            return 0;
        }
        int done = 0;
        for (SecretBox.WrappedKey k : batch) {
            String rewrapped = SecretBox.wrap(ring.active(), SecretBox.unwrap(ring, k.wrapped(), k.masterKeyId()));
            // conditional on the old value: a row changed meanwhile is left for the next batch
            done += db.jdbi().withHandle(h -> h.createUpdate("UPDATE data_keys SET wrapped_key = :w, master_key_id = :t "
                            + "WHERE id = :id AND wrapped_key = :old")
                    .bind("w", rewrapped).bind("t", target).bind("id", k.id()).bind("old", k.wrapped()).execute());
        }
        int count = done;
        db.jdbi().useHandle(h -> h.createUpdate("UPDATE master_key_rotations SET rewrapped = rewrapped + :c WHERE id = :id")
                .bind("c", count).bind("id", rotation).execute());
        return done;
    }

    /** Takes or renews the rotation's lease: free, lapsed, or already ours. */
    private boolean claim(String rotation) {
        OffsetDateTime now = now();
        return db.jdbi().withHandle(h -> h.createUpdate("UPDATE master_key_rotations SET lease_owner = :me, lease_until = :until "
                        + "WHERE id = :id AND state = 'running' AND (lease_owner IS NULL OR lease_owner = :me OR lease_until < :now)")
                .bind("me", nodeId).bind("until", now.plus(lease)).bind("now", now).bind("id", rotation).execute()) == 1;
    }

    private OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }

    private static List<String> ids(String csv) {
        return csv == null || csv.isBlank() ? List.of() : Arrays.asList(csv.split(","));
    }

    @Override
    public String toString() {
        return "MasterKeyRotation[node " + nodeId + ", " + ring + "]";
    }
}
