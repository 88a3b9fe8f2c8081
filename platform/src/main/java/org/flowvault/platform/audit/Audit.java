package org.flowvault.platform.audit;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import javax.crypto.SecretKey;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.identity.Caller;
import org.flowvault.platform.identity.Projects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's audit trail (DESIGN §5): {@link #record} appends to this node's {@link Journal}
 * and returns; a writer thread moves records to the database in batches, extending the one HMAC
 * chain that all nodes share. Reading: {@link #list}, {@link #export}, {@link #verify};
 * retention: {@link #purge}.
 *
 * <p><b>Fail closed.</b> {@link #record} throws {@link PlatformException.Reason#AUDIT_UNAVAILABLE}
 * when the journal cannot be written, and also when the database has refused the writer for longer
 * than {@link Options#maxLag()} (the journal would otherwise grow unseen): no secret is handed out
 * then. Recording works again as soon as the database accepts the backlog; a broken journal file
 * needs a restart.
 *
 * <p>Thread-safe; one per platform node. {@link #close()} drains the journal (within a few seconds) and stops the writer.
 */
public final class Audit implements AuditTrail, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Audit.class);
    /** The HKDF purpose of the chain key, derived from the data key (see docs/security.md). */
    public static final String KEY_PURPOSE = "flowvault:audit-chain:v1";
    static final String UNAVAILABLE = "the audit trail cannot be written, so no secret is handed out";

    private final Database db;
    private final Clock clock;
    private final String node;
    private final Projects projects;
    private final Options options;
    private final Journal journal;
    private final ChainStore store;
    private final ReentrantLock lock = new ReentrantLock();
    /** Per trail: a template's number belongs to this trail's journal. */
    private final Drafts drafts = new Drafts();
    private final Condition work = lock.newCondition();
    /** How long the writer waits for more records before storing a partial batch: 20 ms. */
    private static final long BATCH_WINDOW_NANOS = 20_000_000L;
    /** Threads in {@link #flush}: the writer stores what there is at once while one waits. */
    private final java.util.concurrent.atomic.AtomicInteger flushing = new java.util.concurrent.atomic.AtomicInteger();
    private final Condition drained = lock.newCondition();
    private final Thread writer;
    /** Whether the next batch may hold records already stored: the journal's leftovers, or a retry. */
    private boolean maybeStored;
    private volatile Instant failingSince;
    private volatile boolean closing;

    /**
     * How the trail keeps its records.
     *
     * @param journal        the journal file of this node, or null for an in-memory journal (records
     *                       reach the database within {@code flushDelay}, but a crash loses those not there yet)
     * @param retention      how long records are kept ({@link #purge}), or null to keep them forever
     * @param maxLag         how long the database may refuse the writer before recording fails closed;
     *                       also how long a record waits for room when {@code maxBacklog} records wait
     * @param batchSize      how many records one database transaction takes at most
     * @param syncEachAppend whether each append is forced to disk (msync) before it counts as accepted;
     *                       off by default, like Vault's file audit device (see docs/operations.md)
     * @param maxBacklog     how many records may wait for the database before recording waits for the writer
     */
    public record Options(Path journal, Duration retention, Duration maxLag, int batchSize, boolean syncEachAppend, int maxBacklog) {
        public Options {
            Objects.requireNonNull(maxLag, "maxLag");
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be positive");
            }
            if (maxBacklog < batchSize) {
                throw new IllegalArgumentException("maxBacklog must be at least batchSize");
            }
            if (retention != null && (retention.isNegative() || retention.isZero())) {
                throw new IllegalArgumentException("the audit retention must be at least one day, or unset to keep records forever");
            }
        }

        /** An in-memory journal, records kept forever, 30 s of database outage tolerated, batches of 10,000, no fsync, 200,000 records of backlog. */
        public static Options defaults() {
            return new Options(null, null, Duration.ofSeconds(30), 10_000, false, 200_000);
        }

        public Options journal(Path file) {
            return new Options(file, retention, maxLag, batchSize, syncEachAppend, maxBacklog);
        }

        public Options retention(Duration keep) {
            return new Options(journal, keep, maxLag, batchSize, syncEachAppend, maxBacklog);
        }

        public Options maxLag(Duration lag) {
            return new Options(journal, retention, lag, batchSize, syncEachAppend, maxBacklog);
        }

        public Options syncEachAppend(boolean sync) {
            return new Options(journal, retention, maxLag, batchSize, sync, maxBacklog);
        }

        public Options maxBacklog(int records) {
            return new Options(journal, retention, maxLag, batchSize, syncEachAppend, records);
        }
    }

    /**
     * Opens the trail: replays records a previous process left in the journal, moves legacy
     * {@code credential_audit} rows into the chain, and starts the writer.
     *
     * @param chainKey the HMAC key of the chain ({@code SecretBox.derivedKey(KEY_PURPOSE)})
     */
    public Audit(Database db, SecretKey chainKey, Projects projects, Clock clock, String node, Options options) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.node = Objects.requireNonNull(node, "node");
        this.projects = Objects.requireNonNull(projects, "projects");
        this.options = Objects.requireNonNull(options, "options");
        this.store = new ChainStore(db, new Chain(Objects.requireNonNull(chainKey, "chainKey")), node);
        store.moveLinks();
        this.journal = Journal.open(options.journal(), options.syncEachAppend(), options.maxBacklog());
        skipStored();
        this.maybeStored = journal.backlog() > 0; // a replayed journal may hold a record twice
        LegacyCredentialAudit.moveInto(db, store, node);
        this.writer = Thread.ofPlatform().name("flowvault-audit-writer").daemon().start(this::writeLoop);
    }

    @Override
    public void record(AuditRecord record) {
        append(new AuditRecord[] {record}, 1);
    }

    @Override
    public void recordAll(List<AuditRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        append(records.toArray(AuditRecord[]::new), records.size());
    }

    /**
     * Stamps the drafts (id, time; node and ambient context through their {@link Template}) and
     * appends them as one frame. A draft recorded again (a warm resolution's, reused by the
     * resolver) finds its template in {@link Drafts}: the append then copies one 29-byte entry.
     */
    private void append(AuditRecord[] records, int n) {
        Instant lagging = failingSince;
        if (lagging != null && Duration.between(lagging, clock.instant()).compareTo(options.maxLag()) >= 0) {
            throw new PlatformException(PlatformException.Reason.AUDIT_UNAVAILABLE, UNAVAILABLE
                    + ": the database has refused audit records since " + lagging + "; check the database and retry");
        }
        AuditContext.Scope ctx = AuditContext.current();
        long now = Journal.micros(clock.instant());
        Template[] templates = new Template[n];
        long[] words = new long[n * 3];
        for (int i = 0; i < n; i++) {
            AuditRecord r = records[i];
            templates[i] = drafts.template(r, ctx, node);
            UUID id = r.id() != null ? r.id() : AuditRecord.newId();
            words[i * 3] = id.getMostSignificantBits();
            words[i * 3 + 1] = id.getLeastSignificantBits();
            words[i * 3 + 2] = r.at() != null ? Journal.micros(r.at()) : now;
        }
        int backlog;
        try {
            backlog = journal.append(templates, words, n, options.maxLag().toNanos());
        } catch (Journal.BacklogFull e) {
            LOG.error("the audit writer has not caught up for {}: secrets are not handed out until it does", options.maxLag());
            throw new PlatformException(PlatformException.Reason.AUDIT_UNAVAILABLE, UNAVAILABLE
                    + ": too many audit records wait for the database; check the database and retry", e);
        } catch (IOException e) {
            LOG.error("the audit journal cannot be written ({}): secrets are not handed out until it can", e.getClass().getSimpleName());
            throw new PlatformException(PlatformException.Reason.AUDIT_UNAVAILABLE, UNAVAILABLE
                    + ": the audit journal cannot be written; check its disk and restart the node", e);
        }
        if (backlog >= options.batchSize() && backlog - n < options.batchSize()) {
            signal(); // a full batch waits: no need to wait out the batching window (once, not on every append of a backlog)
        }
    }

    /**
     * The templates of recently recorded drafts, shared by all threads and direct-mapped by the
     * identities of the draft and its ambient context: a draft the resolver reuses hits, also when
     * runs of one connection record it in turn. An entry is immutable, so a thread reading a slot
     * another one writes sees a whole entry; a template's journal fields belong to the journal's lock.
     */
    private static final class Drafts {
        private static final int SLOTS = 256;
        private final Entry[] slots = new Entry[SLOTS];

        private record Entry(AuditRecord draft, AuditContext.Scope scope, Template template) {
        }

        Template template(AuditRecord draft, AuditContext.Scope ctx, String node) {
            int slot = (System.identityHashCode(draft) * 31 + System.identityHashCode(ctx)) & (SLOTS - 1);
            Entry e = slots[slot];
            if (e != null && e.draft == draft && e.scope == ctx) {
                return e.template;
            }
            Template t = Template.of(draft.stamped(Instant.EPOCH, node, ctx));
            slots[slot] = new Entry(draft, ctx, t);
            return t;
        }
    }

    /**
     * A page of records newest first: all of them for an admin, those of the caller's projects for a member.
     */
    public List<AuditEntry> list(Caller caller, AuditQuery query) {
        List<AuditEntry> out = new ArrayList<>();
        store.scan(query.templateSql(visibleProjects(caller)), query.window(), true, query.limit(), out::add);
        return out;
    }

    /** Every record the caller may see that matches {@code query} (limit and cursor ignored), in chain order. */
    public void export(Caller caller, AuditQuery query, Consumer<AuditEntry> out) {
        AuditQuery all = new AuditQuery(query.path(), query.user(), query.runId(), query.action(), query.since(), query.until(), 0, 1);
        store.scan(all.templateSql(visibleProjects(caller)), all.window(), false, 0, out);
    }

    /** When a record of project {@code projectId} matching {@code query} was last written, or null (also when the caller may not see the project). */
    public Instant lastUse(Caller caller, AuditQuery query, UUID projectId) {
        return lastUse(caller, query, projectId, Map.of());
    }

    /**
     * {@link #lastUse(Caller, AuditQuery, UUID)} of records that also name the given ids.
     *
     * @param ids by column: {@code connection_id}, {@code flow_id} or {@code entry_id}
     */
    public Instant lastUse(Caller caller, AuditQuery query, UUID projectId, Map<String, UUID> ids) {
        List<UUID> visible = visibleProjects(caller);
        List<UUID> scope = visible == null || visible.contains(projectId) ? List.of(projectId) : List.of();
        AuditQuery.Sql sql = query.templateSql(scope);
        StringBuilder condition = new StringBuilder(sql.condition());
        Map<String, Object> bindings = new java.util.LinkedHashMap<>(sql.bindings());
        ids.forEach((column, id) -> {
            if (!ID_COLUMNS.contains(column)) {
                throw new IllegalArgumentException("not an id column of audit records: " + column);
            }
            condition.append(" AND ").append(column).append(" = CAST(:q_").append(column).append(" AS uuid)");
            bindings.put("q_" + column, id.toString());
        });
        return store.lastAt(new AuditQuery.Sql(condition.toString(), bindings), query.window());
    }

    /** When credential entry {@code entryId} was last decrypted (or its TOTP code computed), or null. */
    public Instant lastUseOfEntry(UUID entryId) {
        return store.lastAt(new AuditQuery.Sql("entry_id = CAST(:q_entry AS uuid)", Map.of("q_entry", entryId.toString())),
                AuditQuery.Window.ALL);
    }

    private static final java.util.Set<String> ID_COLUMNS = java.util.Set.of("connection_id", "flow_id", "entry_id");

    /**
     * Verifies the whole chain after flushing this node's journal; admins only.
     *
     * @throws PlatformException FORBIDDEN for a member
     */
    public Verification verify(Caller caller) {
        caller.requireAdmin("verify the audit trail");
        flush(Duration.ofSeconds(10));
        return store.verify();
    }

    /**
     * Purges records older than the retention (from {@link Options}), leaving an anchor record so
     * that the rest stays verifiable; a no-op when records are kept forever.
     *
     * @return how many records were purged
     */
    public int purge() {
        if (options.retention() == null) {
            return 0;
        }
        flush(Duration.ofSeconds(10));
        Instant now = clock.instant();
        AuditRecord anchor = AuditRecord.of(AuditAction.AUDIT_PURGE).build().stamped(now, node, null);
        int n = store.purge(now.minus(options.retention()), anchor);
        if (n > 0) {
            LOG.info("purged {} audit records older than {} days", n, options.retention().toDays());
        }
        return n;
    }

    /**
     * Waits until every record recorded so far on this node is in the database.
     *
     * @throws PlatformException AUDIT_UNAVAILABLE when that does not happen within {@code timeout}
     */
    public void flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        flushing.incrementAndGet();
        lock.lock();
        try {
            while (journal.backlog() > 0) {
                work.signalAll();
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new PlatformException(PlatformException.Reason.AUDIT_UNAVAILABLE,
                            "the audit records of this node have not reached the database yet; check the database and retry");
                }
                drained.awaitNanos(Math.min(left, 50_000_000L));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
            flushing.decrementAndGet();
        }
    }

    /** How many records wait for the database on this node. */
    public int backlog() {
        return journal.backlog();
    }

    private List<UUID> visibleProjects(Caller caller) {
        Objects.requireNonNull(caller, "caller");
        return caller.isAdmin() ? null : List.copyOf(projects.projectIdsOf(caller));
    }

    private void signal() {
        lock.lock();
        try {
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Forgets the replayed records a previous process stored before it died: the writer stores the
     * journal in order, so they are the queue's prefix through this node's last stored record.
     * (Another process sharing this node's name makes that record unknown here: records are then
     * stored twice, never lost.)
     */
    private void skipStored() {
        if (journal.backlog() == 0) {
            return;
        }
        try {
            UUID last = store.lastStoredId();
            List<Stamp> queued = last == null ? List.of() : journal.peek(Integer.MAX_VALUE);
            for (int i = 0; i < queued.size(); i++) {
                if (queued.get(i).id().equals(last)) {
                    journal.written(i + 1);
                    LOG.info("{} audit records of the journal were stored before the restart", i + 1);
                    break;
                }
            }
        } catch (RuntimeException | IOException e) {
            LOG.warn("cannot tell which replayed audit records were stored ({}); the writer checks each batch", e.getClass().getSimpleName());
        }
    }

    private void writeLoop() {
        long backoff = 50;
        boolean busy = false; // whether the last look found records: traffic is sustained
        while (true) {
            List<Stamp> batch = journal.peek(options.batchSize());
            if (busy && !batch.isEmpty() && batch.size() < options.batchSize() && flushing.get() == 0) {
                // Under sustained traffic a writer as fast as the appenders would store a few
                // records per transaction, whose fixed cost then outweighs the records: wait for a
                // full batch (the appender that fills one signals) or the batching window.
                awaitWork();
                batch = journal.peek(options.batchSize());
            }
            busy = !batch.isEmpty();
            if (batch.isEmpty()) {
                lock.lock();
                try {
                    drained.signalAll();
                    if (closing) {
                        return;
                    }
                    work.awaitNanos(BATCH_WINDOW_NANOS); // when traffic is light
                } catch (InterruptedException e) {
                    return;
                } finally {
                    lock.unlock();
                }
                continue;
            }
            try {
                store.append(batch, maybeStored);
                journal.written(batch.size());
                maybeStored = journal.backlog() > 0 && maybeStored;
                if (failingSince != null) {
                    LOG.info("audit records reach the database again");
                }
                failingSince = null;
                backoff = 50;
            } catch (RuntimeException | IOException e) {
                maybeStored = true; // the commit may have happened, only its answer lost
                if (failingSince == null) {
                    failingSince = clock.instant();
                    LOG.error("audit records cannot be written to the database ({}); retrying", e.getClass().getSimpleName());
                }
                if (closing) {
                    return;
                }
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    return;
                }
                backoff = Math.min(backoff * 2, 2_000);
            }
        }
    }

    private void awaitWork() {
        lock.lock();
        try {
            if (!closing && flushing.get() == 0) {
                work.awaitNanos(BATCH_WINDOW_NANOS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        try {
            flush(Duration.ofSeconds(5));
        } catch (PlatformException e) {
            LOG.warn("{} audit records stay in the journal for the next start", journal.backlog());
        }
        closing = true;
        signal();
        try {
            writer.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        journal.close();
    }

    @Override
    public String toString() {
        return "Audit[node " + node + "]";
    }
}
