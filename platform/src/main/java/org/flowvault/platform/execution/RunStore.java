package org.flowvault.platform.execution;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.db.RowLocks;
import org.flowvault.platform.db.Times;
import org.flowvault.platform.resolution.SecretPins;
import org.flowvault.platform.resolution.SecretVersion;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The SQL of runs, steps and logs. Every write by the node executing a run is fenced: it applies
 * only while the row is still RUNNING and claimed by that node, so a node whose lease was taken
 * over can never overwrite the run.
 */
final class RunStore {
    /** A step of the journal, as stored. */
    record StepRow(int seq, String key, String outputs, String sensitive, String sealed) {
    }

    /** A log line not yet written. */
    record PendingLog(int seq, String step, Instant at, String line) {
    }

    /** A run whose node stopped, as the reaper saw it. */
    record Orphan(UUID id, String node, String step, int attempt, int maxAttempts) {
    }

    private final Database db;
    private final String claimClause;
    private final boolean postgres;
    private final CredentialInputs leases;

    RunStore(Database db, CredentialInputs leases) {
        this.db = db;
        this.leases = leases;
        this.claimClause = RowLocks.claimClause(db, "runs");
        this.postgres = db.dialect() == Database.Dialect.POSTGRESQL;
    }

    String claimClause() {
        return claimClause;
    }

    void insert(RunRow r, Instant now) {
        insert(r, now, List.of());
    }

    /** Inserts the run and, in the same transaction (before any worker can claim it), the secret versions it must read. */
    void insert(RunRow r, Instant now, List<SecretVersion> pins) {
        db.jdbi().useTransaction(h -> {
            h.createUpdate("INSERT INTO runs (" + RunRow.COLUMNS + ", updated_at) VALUES (:id, :project, :kind, :flow, CAST(:flowId AS uuid), :version, "
                            + ":runAs, :runAsName, :runAsRole, :status, :inputs, :sealedInputs, NULL, NULL, NULL, NULL, :error, NULL, NULL, 0, "
                            + ":maxAttempts, FALSE, NULL, NULL, :now, NULL, :finished, :now)")
                    .bind("id", r.id()).bind("project", r.projectId()).bind("kind", r.flowKind()).bind("flow", r.flowName())
                    .bind("flowId", r.flowId() == null ? null : r.flowId().toString()).bindByType("version", r.flowVersion(), Integer.class).bind("runAs", r.runAs())
                    .bind("runAsName", r.runAsName()).bind("runAsRole", r.runAsRole()).bind("status", r.status().name())
                    .bind("inputs", r.inputs()).bind("sealedInputs", r.sealedInputs()).bind("error", r.error())
                    .bind("maxAttempts", r.maxAttempts()).bind("now", Times.db(now)).bind("finished", Times.db(r.finishedAt()))
                    .execute();
            for (SecretVersion v : pins) {
                h.createUpdate("INSERT INTO run_secret_pins (run_id, config_name, path, version) VALUES (:r, :c, :p, :v)")
                        .bind("r", r.id()).bind("c", v.config()).bind("p", v.path()).bind("v", v.version()).execute();
            }
            notify(h, r.status() == RunStatus.QUEUED ? "queued" : r.id().toString());
        });
    }

    /** Claims up to {@code max} queued runs, oldest first, for {@code node}. */
    List<RunRow> claim(String node, int max, Instant now, Instant leaseUntil) {
        return db.jdbi().inTransaction(h -> {
            List<UUID> queued = h.createQuery("SELECT id FROM runs WHERE status = 'QUEUED' " + leases.claimFilter()
                            + " ORDER BY created_at LIMIT :n " + claimClause)
                    .bind("n", max).mapTo(UUID.class).list();
            List<UUID> ids = queued.isEmpty() ? queued : leases.admit(h, queued); // runs without a free credential lease stay queued
            if (ids.isEmpty()) {
                return List.of();
            }
            h.createUpdate("UPDATE runs SET status = 'RUNNING', claimed_by = :node, lease_until = :lease, attempt = attempt + 1, "
                            + "started_at = COALESCE(started_at, :now), updated_at = :now WHERE id IN (<ids>) AND status = 'QUEUED'")
                    .bind("node", node).bind("lease", Times.db(leaseUntil)).bind("now", Times.db(now)).bindList("ids", ids).execute();
            return h.createQuery("SELECT " + RunRow.COLUMNS + " FROM runs WHERE id IN (<ids>) AND claimed_by = :node AND status = 'RUNNING'")
                    .bindList("ids", ids).bind("node", node).map((rs, ctx) -> RunRow.read(rs)).list();
        });
    }

    Optional<RunRow> get(UUID id) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT " + RunRow.COLUMNS + " FROM runs WHERE id = :id")
                .bind("id", id).map((rs, ctx) -> RunRow.read(rs)).findOne());
    }

    List<RunRow> list(UUID projectId, RunStatus status, String flowName, RunCursor before, int limit) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT " + RunRow.COLUMNS + " FROM runs WHERE project_id = :p"
                        + (status == null ? "" : " AND status = :s")
                        + (flowName == null ? "" : " AND flow_name = :f")
                        + (before == null ? "" : " AND (created_at < :t OR (created_at = :t AND id < :id))")
                        + " ORDER BY created_at DESC, id DESC LIMIT :n")
                .bind("p", projectId).bind("s", status == null ? null : status.name()).bind("f", flowName)
                .bind("t", before == null ? null : Times.db(before.createdAt())).bind("id", before == null ? null : before.id())
                .bind("n", limit)
                .map((rs, ctx) -> RunRow.read(rs)).list());
    }

    /** Appends the secret versions a step resolved, skipping ones the run already recorded. */
    void recordSecretVersions(UUID runId, List<SecretVersion> used) {
        if (used.isEmpty()) {
            return;
        }
        db.jdbi().useTransaction(h -> {
            List<SecretVersion> known = secretVersions(h, runId);
            int seq = known.size();
            for (SecretVersion v : used) {
                if (!known.contains(v)) {
                    h.createUpdate("INSERT INTO run_secret_versions (run_id, seq, config_name, path, version) VALUES (:r, :s, :c, :p, :v)")
                            .bind("r", runId).bind("s", ++seq).bind("c", v.config()).bind("p", v.path()).bind("v", v.version()).execute();
                }
            }
        });
    }

    /** The versions a rerun must read; none for an ordinary run. */
    SecretPins secretPins(UUID runId) {
        return SecretPins.of(db.jdbi().withHandle(h -> h.createQuery("SELECT config_name, path, version FROM run_secret_pins WHERE run_id = :r")
                .bind("r", runId).map((rs, ctx) -> new SecretVersion(rs.getString("config_name"), rs.getString("path"), rs.getLong("version")))
                .list()));
    }

    List<SecretVersion> secretVersions(UUID runId) {
        return db.jdbi().withHandle(h -> secretVersions(h, runId));
    }

    private static List<SecretVersion> secretVersions(Handle h, UUID runId) {
        return h.createQuery("SELECT config_name, path, version FROM run_secret_versions WHERE run_id = :r ORDER BY seq").bind("r", runId)
                .map((rs, ctx) -> new SecretVersion(rs.getString("config_name"), rs.getString("path"), rs.getLong("version"))).list();
    }

    List<StepRow> journal(UUID runId) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT seq, step_key, outputs, sensitive, sealed FROM run_steps WHERE run_id = :id ORDER BY seq")
                .bind("id", runId)
                .map((rs, ctx) -> new StepRow(rs.getInt("seq"), rs.getString("step_key"), rs.getString("outputs"),
                        rs.getString("sensitive"), rs.getString("sealed")))
                .list());
    }

    int lastStepSeq(UUID runId) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT COALESCE(MAX(seq), 0) FROM run_steps WHERE run_id = :id")
                .bind("id", runId).mapTo(Integer.class).one());
    }

    int lastLogSeq(UUID runId) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT COALESCE(MAX(seq), 0) FROM run_logs WHERE run_id = :id")
                .bind("id", runId).mapTo(Integer.class).one());
    }

    /** Marks the step the run is on; false when the node no longer holds the run. */
    boolean beginStep(UUID runId, String node, String key, Instant now) {
        return db.jdbi().withHandle(h -> h.createUpdate("UPDATE runs SET current_step = :k, updated_at = :now "
                        + "WHERE id = :id AND claimed_by = :node AND status = 'RUNNING'")
                .bind("k", key).bind("now", Times.db(now)).bind("id", runId).bind("node", node).execute() == 1);
    }

    /** Appends a completed step and the pending log lines; false when the node no longer holds the run. */
    boolean recordStep(UUID runId, String node, StepRow step, List<PendingLog> logs, Instant now) {
        return db.jdbi().inTransaction(h -> {
            if (h.createUpdate("UPDATE runs SET updated_at = :now WHERE id = :id AND claimed_by = :node AND status = 'RUNNING'")
                    .bind("now", Times.db(now)).bind("id", runId).bind("node", node).execute() != 1) {
                h.rollback();
                return false;
            }
            insertStep(h, runId, step, now);
            insertLogs(h, runId, logs);
            return true;
        });
    }

    private static void insertStep(Handle h, UUID runId, StepRow step, Instant now) {
        h.createUpdate("INSERT INTO run_steps (run_id, seq, step_key, outputs, sensitive, sealed, finished_at) "
                        + "VALUES (:id, :seq, :k, :o, :s, :sealed, :now)")
                .bind("id", runId).bind("seq", step.seq()).bind("k", step.key()).bind("o", step.outputs())
                .bind("s", step.sensitive()).bind("sealed", step.sealed()).bind("now", Times.db(now)).execute();
    }

    /** Ends a run held by {@code node}; false when it no longer holds it. */
    boolean finish(UUID runId, String node, RunStatus status, String outputs, String sensitive, String sealedOutputs, String message,
                   String error, List<PendingLog> logs, Instant now) {
        return db.jdbi().inTransaction(h -> {
            int n = h.createUpdate("UPDATE runs SET status = :s, outputs = :o, sensitive_outputs = :so, sealed_outputs = :sealed, "
                            + "message = :m, error = :e, claimed_by = NULL, lease_until = NULL, finished_at = :now, updated_at = :now "
                            + "WHERE id = :id AND claimed_by = :node AND status = 'RUNNING'")
                    .bind("s", status.name()).bind("o", outputs).bind("so", sensitive).bind("sealed", sealedOutputs).bind("m", message)
                    .bind("e", error).bind("now", Times.db(now)).bind("id", runId).bind("node", node).execute();
            if (n != 1) {
                h.rollback();
                return false;
            }
            insertLogs(h, runId, logs);
            notify(h, runId.toString());
            return true;
        });
    }

    /** Pauses a run held by {@code node} until a person answers {@code form}. */
    boolean pause(UUID runId, String node, String key, String form, List<PendingLog> logs, Instant now) {
        return db.jdbi().inTransaction(h -> {
            int n = h.createUpdate("UPDATE runs SET status = 'WAITING_FOR_INPUT', form = :f, current_step = :k, claimed_by = NULL, "
                            + "lease_until = NULL, updated_at = :now WHERE id = :id AND claimed_by = :node AND status = 'RUNNING'")
                    .bind("f", form).bind("k", key).bind("now", Times.db(now)).bind("id", runId).bind("node", node).execute();
            if (n != 1) {
                h.rollback();
                return false;
            }
            insertLogs(h, runId, logs);
            notify(h, runId.toString());
            return true;
        });
    }

    /** Records a person's answer and re-queues the run; false when it is no longer waiting. */
    boolean answer(UUID runId, StepRow step, PendingLog log, Instant now) {
        return db.jdbi().inTransaction(h -> {
            int n = h.createUpdate("UPDATE runs SET status = 'QUEUED', form = NULL, updated_at = :now WHERE id = :id AND status = 'WAITING_FOR_INPUT'")
                    .bind("now", Times.db(now)).bind("id", runId).execute();
            if (n != 1) {
                h.rollback();
                return false;
            }
            insertStep(h, runId, step, now);
            appendLog(h, runId, log);
            notify(h, "queued");
            notify(h, runId.toString());
            return true;
        });
    }

    /** Cancels a run that no node holds (queued or waiting); false when it is running or over. */
    boolean cancelIdle(UUID runId, String error, PendingLog log, Instant now) {
        return db.jdbi().inTransaction(h -> {
            int n = h.createUpdate("UPDATE runs SET status = 'CANCELLED', error = :e, form = NULL, finished_at = :now, updated_at = :now "
                            + "WHERE id = :id AND status IN ('QUEUED', 'WAITING_FOR_INPUT')")
                    .bind("e", error).bind("now", Times.db(now)).bind("id", runId).execute();
            if (n == 1) {
                appendLog(h, runId, log);
                notify(h, runId.toString());
            }
            return n == 1;
        });
    }

    /** Flags a running run for cancellation; false when it is not running. */
    boolean requestCancel(UUID runId, Instant now) {
        return db.jdbi().inTransaction(h -> {
            int n = h.createUpdate("UPDATE runs SET cancel_requested = TRUE, updated_at = :now WHERE id = :id AND status = 'RUNNING'")
                    .bind("now", Times.db(now)).bind("id", runId).execute();
            if (n == 1) {
                notify(h, "cancel:" + runId);
            }
            return n == 1;
        });
    }

    /**
     * Extends the leases of the runs {@code node} is executing (only those with a live thread, so a
     * run whose thread died is not kept alive); returns those flagged for cancellation.
     */
    List<UUID> heartbeat(String node, List<UUID> executing, Instant leaseUntil) {
        return db.jdbi().inTransaction(h -> {
            h.createUpdate("UPDATE runs SET lease_until = :l WHERE id IN (<ids>) AND claimed_by = :node AND status = 'RUNNING'")
                    .bind("l", Times.db(leaseUntil)).bind("node", node).bindList("ids", executing).execute();
            return h.createQuery("SELECT id FROM runs WHERE id IN (<ids>) AND claimed_by = :node AND status = 'RUNNING' AND cancel_requested = TRUE")
                    .bind("node", node).bindList("ids", executing).mapTo(UUID.class).list();
        });
    }

    /**
     * Takes over runs whose lease expired (their node stopped): re-queues those with attempts left,
     * fails the others, each with a log line saying which node stopped on which step.
     */
    List<Orphan> recover(Instant now, int limit, java.util.function.Function<Orphan, String> failure,
                         java.util.function.Function<Orphan, String> retryNote) {
        return db.jdbi().inTransaction(h -> {
            List<Orphan> orphans = h.createQuery("SELECT id, claimed_by, current_step, attempt, max_attempts FROM runs "
                            + "WHERE status = 'RUNNING' AND lease_until < :now ORDER BY lease_until LIMIT :n " + claimClause)
                    .bind("now", Times.db(now)).bind("n", limit)
                    .map((rs, ctx) -> new Orphan(rs.getObject("id", UUID.class), rs.getString("claimed_by"), rs.getString("current_step"),
                            rs.getInt("attempt"), rs.getInt("max_attempts")))
                    .list();
            List<Orphan> done = new ArrayList<>();
            for (Orphan o : orphans) {
                boolean retry = o.attempt() < o.maxAttempts();
                String line = retry ? retryNote.apply(o) : failure.apply(o);
                int n = retry
                        ? h.createUpdate("UPDATE runs SET status = 'QUEUED', claimed_by = NULL, lease_until = NULL, updated_at = :now "
                                + "WHERE id = :id AND status = 'RUNNING' AND lease_until < :now").bind("now", Times.db(now)).bind("id", o.id()).execute()
                        : h.createUpdate("UPDATE runs SET status = 'FAILED', error = :e, claimed_by = NULL, lease_until = NULL, finished_at = :now, "
                                + "updated_at = :now WHERE id = :id AND status = 'RUNNING' AND lease_until < :now")
                                .bind("e", line).bind("now", Times.db(now)).bind("id", o.id()).execute();
                if (n == 1) {
                    appendLog(h, o.id(), new PendingLog(0, null, now, line));
                    notify(h, o.id().toString());
                    if (retry) {
                        notify(h, "queued");
                    }
                    done.add(o);
                }
            }
            return done;
        });
    }

    void appendLogs(UUID runId, List<PendingLog> logs) {
        if (!logs.isEmpty()) {
            db.jdbi().useHandle(h -> insertLogs(h, runId, logs));
        }
    }

    List<RunLogLine> logs(UUID runId, int afterSeq, int limit) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT seq, step, at, line FROM run_logs WHERE run_id = :id AND seq > :after ORDER BY seq LIMIT :n")
                .bind("id", runId).bind("after", afterSeq).bind("n", limit)
                .map((rs, ctx) -> new RunLogLine(rs.getInt("seq"), rs.getString("step"), Times.instant(rs, "at"), rs.getString("line")))
                .list());
    }

    private static void insertLogs(Handle h, UUID runId, List<PendingLog> logs) {
        if (logs.isEmpty()) {
            return;
        }
        PreparedBatch batch = h.prepareBatch("INSERT INTO run_logs (run_id, seq, step, at, line) VALUES (:id, :seq, :step, :at, :line)");
        for (PendingLog l : logs) {
            batch.bind("id", runId).bind("seq", l.seq()).bind("step", l.step()).bind("at", Times.db(l.at())).bind("line", l.line()).add();
        }
        batch.execute();
    }

    /** A line from outside the executing node: numbered after the last one. */
    private static void appendLog(Handle h, UUID runId, PendingLog l) {
        int seq = h.createQuery("SELECT COALESCE(MAX(seq), 0) FROM run_logs WHERE run_id = :id").bind("id", runId).mapTo(Integer.class).one();
        insertLogs(h, runId, List.of(new PendingLog(seq + 1, l.step(), l.at(), l.line())));
    }

    /** On PostgreSQL, tells every node's listener (delivered at commit); nothing on H2, where there is one node. */
    private void notify(Handle h, String payload) {
        if (postgres) {
            h.createQuery("SELECT pg_notify('" + RunNotifications.CHANNEL + "', :p)").bind("p", payload).mapTo(String.class).findOne();
        }
    }
}
