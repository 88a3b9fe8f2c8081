package org.flowvault.platform.execution;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.flow.Flow;
import org.flowvault.platform.identity.Caller;
import org.flowvault.platform.masking.Masker;
import org.flowvault.platform.metrics.PlatformMetrics;
import org.slf4j.Logger;
import org.slf4j.MDC;
import org.slf4j.LoggerFactory;

/**
 * The node's side of the engine: a dispatcher that claims queued runs (woken at once by local
 * starts and PostgreSQL notifications, otherwise polling), one virtual thread per claimed run,
 * and a heartbeat that renews this node's leases, picks up remote cancellations and recovers runs
 * whose node stopped.
 */
final class Workers {
    private static final Logger LOG = LoggerFactory.getLogger(Workers.class);
    /** One line when a run starts and one when it ends, at INFO: the operator's run log (ids, names, status; never inputs). */
    private static final Logger RUNS = LoggerFactory.getLogger("org.flowvault.run");
    /** The MDC key of the run a log line belongs to (the JSON log format writes it as a field). */
    static final String MDC_RUN = "run";

    private final EngineParts parts;
    private final int maxConcurrent;
    private final Duration pollInterval;
    private final Duration heartbeatInterval;
    private final AtomicInteger active = new AtomicInteger();
    private final Map<UUID, Execution> running = new ConcurrentHashMap<>();
    private final Map<UUID, Thread> threads = new ConcurrentHashMap<>();
    private final CountDownLatch stop = new CountDownLatch(1);
    private volatile boolean alive = true;
    private Thread dispatcher;
    private Thread heartbeat;

    private final PlatformMetrics metrics;

    Workers(EngineParts parts, int maxConcurrent, Duration pollInterval, PlatformMetrics metrics) {
        this.parts = parts;
        this.metrics = metrics;
        this.maxConcurrent = maxConcurrent;
        this.pollInterval = pollInterval;
        this.heartbeatInterval = parts.lease().dividedBy(3);
    }

    void start() {
        dispatcher = Thread.ofVirtual().name("flowvault-dispatcher-" + parts.node()).start(this::dispatch);
        heartbeat = Thread.ofVirtual().name("flowvault-heartbeat-" + parts.node()).start(this::beat);
    }

    /** Stops claiming, lets running runs finish for up to {@code grace}; those still running are recovered by other nodes. */
    void stop(Duration grace) throws InterruptedException {
        stop.countDown();
        parts.signals().workAvailable();
        join(dispatcher, grace);
        long deadline = System.nanoTime() + grace.toNanos();
        for (Thread t : threads.values()) {
            t.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        }
        join(heartbeat, grace);
    }

    /** Simulates the node dying: no more claims, heartbeats or writes; runs are left as they are. */
    void halt() throws InterruptedException {
        alive = false;
        stop.countDown();
        parts.signals().workAvailable();
        join(dispatcher, Duration.ofSeconds(5));
        join(heartbeat, Duration.ofSeconds(5));
    }

    boolean alive() {
        return alive;
    }

    private static void join(Thread t, Duration max) throws InterruptedException {
        if (t != null) {
            t.join(max);
        }
    }

    private boolean stopping() {
        return stop.getCount() == 0;
    }

    /** Cancels run {@code id} if it executes here. */
    void cancelLocal(UUID id) {
        Execution ex = running.get(id);
        if (ex != null) {
            ex.cancel();
        }
    }

    int active() {
        return active.get();
    }

    private void dispatch() {
        while (!stopping()) {
            try {
                int free = maxConcurrent - active.get();
                if (free > 0) {
                    int want = Math.min(free, 32);
                    Instant now = parts.clock().instant();
                    List<RunRow> rows = parts.store().claim(parts.node(), want, now, now.plus(parts.lease()));
                    for (RunRow row : rows) {
                        active.incrementAndGet();
                        Thread t = Thread.ofVirtual().name("flowvault-run-" + row.id()).unstarted(() -> execute(row));
                        threads.put(row.id(), t);
                        t.start();
                    }
                    if (rows.size() == want) {
                        continue;
                    }
                }
                parts.signals().awaitWork(pollInterval);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("claiming runs failed on node {}: {}; retrying in {}", parts.node(), e.getMessage(), pollInterval);
                try {
                    stop.await(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private void beat() {
        try {
            while (!stop.await(heartbeatInterval.toMillis(), TimeUnit.MILLISECONDS)) {
                try {
                    Instant now = parts.clock().instant();
                    List<UUID> held = List.copyOf(threads.keySet());
                    if (!held.isEmpty()) {
                        for (UUID id : parts.store().heartbeat(parts.node(), held, now.plus(parts.lease()))) {
                            cancelLocal(id);
                        }
                    }
                    recover();
                } catch (RuntimeException e) {
                    LOG.warn("heartbeat failed on node {}: {}", parts.node(), e.getMessage());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Fails or re-queues runs whose node stopped (lease expired). */
    void recover() {
        for (RunStore.Orphan o : parts.store().recover(parts.clock().instant(), 50,
                o -> "node " + o.node() + " stopped while running " + stepName(o.step()) + (o.maxAttempts() > 1
                        ? "; no attempts left (" + o.attempt() + " of " + o.maxAttempts() + ")"
                        : "; the flow does not retry such runs (add 'retry: N' to the flow to re-queue them)"),
                o -> "node " + o.node() + " stopped while running " + stepName(o.step()) + "; re-queued (attempt "
                        + o.attempt() + " of " + o.maxAttempts() + " was lost)")) {
            parts.runLeases().revokeAll(o.id()); // the dead node's leases: a re-queued attempt gets its own
            parts.signals().changed(o.id());
            if (o.attempt() < o.maxAttempts()) {
                parts.signals().workAvailable();
            }
        }
    }

    static String stepName(String key) {
        if (key == null) {
            return "the run (before its first step)";
        }
        if (key.startsWith("step:")) {
            return "step '" + key.substring(5) + "'";
        }
        int colon = key.indexOf(':');
        return colon > 0 ? "call " + key.substring(0, colon) + " (" + key.substring(colon + 1) + ")" : "'" + key + "'";
    }

    private void execute(RunRow row) {
        // the run's thread: every secret it uses is audited with the run (and its flow)
        try (var audited = org.flowvault.platform.audit.AuditContext.run(row.id(), row.flowId(), row.projectId(),
                row.runAs(), row.runAsName())) {
            executeAudited(row);
        }
    }

    private void executeAudited(RunRow row) {
        MDC.put(MDC_RUN, row.id().toString());
        long started = System.nanoTime();
        RUNS.info("run {} started: flow '{}' attempt {} of {} on node {} as user {}", row.id(), row.flowName(), row.attempt(),
                row.maxAttempts(), parts.node(), row.runAsName());
        ended.remove();
        Execution ex = null;
        try {
            ex = prepare(row);
            if (ex == null) {
                return;
            }
            running.put(row.id(), ex);
            if (ex.isCancelled()) {
                throw new Unwind(Unwind.Kind.CANCELLED, "cancelled");
            }
            ex.log(null, "attempt " + row.attempt() + " of " + row.maxAttempts() + " on node " + parts.node() + " as user " + row.runAsName());
            Flow.Result result = row.isCode()
                    ? parts.codeFlows().find(row.flowName()).orElseThrow().flow().run(ex)
                    : DefinedFlowRunner.run(parts.flows().load(row.flowId(), row.flowVersion()).orElseThrow().definition(), ex);
            if (result == null) {
                result = Flow.Result.failure("the flow returned no result: return ctx.success(...) or ctx.failure(...)");
            }
            finish(ex, result);
        } catch (Unwind u) {
            if (u.kind() == Unwind.Kind.SUSPENDED && ex != null && alive) {
                ex.saveCredentialCookies(); // the run keeps its lease while it waits; the resumed run loads the jar
            }
            if (u.kind() == Unwind.Kind.CANCELLED && ex != null && alive) {
                end(row, ex, RunStatus.CANCELLED, null, "cancelled while running " + stepName(currentKey(ex)));
            }
        } catch (Execution.StepFailure f) {
            end(row, ex, RunStatus.FAILED, null, f.getMessage());
        } catch (PlatformException e) {
            end(row, ex, RunStatus.FAILED, null, e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            end(row, ex, RunStatus.FAILED, null, "the flow failed: " + unexpected(e, row.id()));
        } catch (Throwable e) {
            // never leave a run RUNNING behind a dead thread: fail it, then let the error propagate
            end(row, ex, RunStatus.FAILED, null, "the flow failed: " + e.getClass().getSimpleName());
            throw e;
        } finally {
            running.remove(row.id());
            threads.remove(row.id());
            active.decrementAndGet();
            parts.signals().changed(row.id());
            parts.signals().workAvailable();
            logEnd(row, started);
            MDC.remove(MDC_RUN);
        }
    }

    /** The final status this thread's run was given by {@link #finish} or {@link #end}, if any. */
    private final ThreadLocal<RunStatus> ended = new ThreadLocal<>();

    private void logEnd(RunRow row, long startedNanos) {
        RunStatus status = ended.get();
        ended.remove();
        Duration took = Duration.ofNanos(System.nanoTime() - startedNanos);
        if (status == null) {
            // suspended (waiting for input), or this node stopped: the run goes on elsewhere or later
            RUNS.info("run {} left node {} unfinished after {} ms (waiting for input, or the node is stopping)", row.id(),
                    parts.node(), took.toMillis());
            return;
        }
        metrics.runEnded(status.label(), took);
        RUNS.info("run {} ended: {} after {} ms", row.id(), status.label(), took.toMillis());
    }

    private static String currentKey(Execution ex) {
        return ex == null ? null : ex.currentKey();
    }

    /** Everything a run needs before its first step; null when it was failed here instead. */
    private Execution prepare(RunRow row) {
        Caller caller = row.caller();
        Masker masker = new Masker();
        if (!parts.membership().canUse(caller, row.projectId())) {
            end(row, null, RunStatus.FAILED, null, "user '" + row.runAsName() + "' may no longer use this run's project");
            return null;
        }
        if (row.isCode() ? parts.codeFlows().find(row.flowName()).isEmpty()
                : parts.flows().load(row.flowId(), row.flowVersion()).isEmpty()) {
            end(row, null, RunStatus.FAILED, null, row.isCode()
                    ? "code flow '" + row.flowName() + "' is not registered on node " + parts.node() + ": register it on every node"
                    : "flow '" + row.flowName() + "' version " + row.flowVersion() + " no longer exists");
            return null;
        }
        Map<String, Object> inputs = new LinkedHashMap<>(ColumnJson.map(row.inputs()));
        if (row.sealedInputs() != null) {
            Map<String, Object> sensitive;
            try {
                sensitive = ColumnJson.map(parts.sealer().open(row.sealedInputs(), RunEngine.inputsRecordId(row.id())));
            } catch (RuntimeException e) {
                end(row, null, RunStatus.FAILED, null, "the run's sensitive inputs cannot be decrypted on node " + parts.node()
                        + ": every node must use the same master key");
                return null;
            }
            masker.registerTree(sensitive);
            inputs.putAll(sensitive);
        }
        boolean fresh = row.currentStep() == null && row.attempt() == 1;
        Journal journal = fresh ? new Journal() : Journal.load(row.id(), parts.store().journal(row.id()), parts.sealer(), masker);
        int logSeq = fresh ? 0 : parts.store().lastLogSeq(row.id());
        Execution ex = new Execution(parts, row, caller, masker, inputs, journal, logSeq);
        try {
            openCredentials(row, ex, inputs);
        } catch (PlatformException e) {
            end(row, null, RunStatus.FAILED, null, e.getMessage());
            return null;
        }
        return ex;
    }

    /** Replaces each credential input's permissioned user id by the entry it names, opened for this run. */
    private void openCredentials(RunRow row, Execution ex, Map<String, Object> inputs) {
        List<org.flowvault.platform.flow.InputSpec> specs = row.isCode()
                ? parts.codeFlows().find(row.flowName()).map(c -> c.inputs()).orElse(List.of())
                : parts.flows().load(row.flowId(), row.flowVersion()).map(f -> f.definition().inputs()).orElse(List.of());
        for (org.flowvault.platform.flow.InputSpec spec : specs) {
            if (spec.type() == org.flowvault.platform.flow.ValueType.CREDENTIAL && inputs.get(spec.name()) instanceof String user) {
                CredentialInputs.Credential c = parts.credentials().open(row.caller(), row.projectId(), row.id(), spec, user);
                inputs.put(spec.name(), new CredentialValue(spec.name(), c, ex, ex.masker()));
                c.loadCookies(ex.cookieJar());
                ex.maskCookies();
                ex.usesCredential(c);
            }
        }
    }

    private void finish(Execution ex, Flow.Result result) {
        if (alive) {
            ex.saveCredentialCookies(); // before the run ends and frees its lease, so the next run finds the jar
        }
        Masker masker = ex.masker();
        Map<String, Object> outputs = result.outputs();
        @SuppressWarnings("unchecked")
        Map<String, Object> display = (Map<String, Object>) masker.maskTree(outputs);
        List<String> sensitive = outputs.keySet().stream().filter(k -> !java.util.Objects.equals(display.get(k), outputs.get(k))).toList();
        String sealed = sensitive.isEmpty() ? null : parts.sealer().seal(ColumnJson.write(outputs), RunEngine.outputsRecordId(ex.row().id()));
        String message = result.message() == null ? null : clip(masker.mask(result.message()));
        String what = "the flow's outputs are";
        String hint = ": return less from the flow (its outputs section or ctx.success(...))";
        String shown = RunLimits.within(ColumnJson.write(display), RunLimits.MAX_JSON_CHARS, what, hint);
        RunLimits.within(sealed, RunLimits.MAX_SEALED_CHARS, what + " (encrypted)", hint);
        String names = RunLimits.within(sensitive.isEmpty() ? null : ColumnJson.write(sensitive), RunLimits.MAX_NAMES_CHARS,
                "the names of the flow's sensitive outputs are", "");
        if (!alive) {
            return;
        }
        RunStatus status = result.succeeded() ? RunStatus.SUCCEEDED : RunStatus.FAILED;
        parts.runLeases().revokeAll(ex.row().id()); // before the run shows as ended: its credentials are gone by then
        parts.store().finish(ex.row().id(), parts.node(), status, shown,
                names, sealed, message, result.succeeded() ? null : message, ex.drainLogs(), parts.clock().instant());
        ended.set(status);
    }

    private void end(RunRow row, Execution ex, RunStatus status, String message, String error) {
        if (!alive) {
            return;
        }
        if (ex != null) {
            ex.saveCredentialCookies();
        }
        parts.runLeases().revokeAll(row.id());
        String masked = error == null ? null : clip(ex == null ? error : ex.masker().mask(error));
        if (ex != null && masked != null) {
            ex.log(null, masked);
        }
        try {
            parts.store().finish(row.id(), parts.node(), status, "{}", null, null, message, masked,
                    ex == null ? List.of(new RunStore.PendingLog(parts.store().lastLogSeq(row.id()) + 1, null, parts.clock().instant(), masked))
                            : ex.drainLogs(),
                    parts.clock().instant());
            ended.set(status);
        } catch (RuntimeException e) {
            LOG.warn("run {} could not be marked {} on node {}: {}; its lease will expire and another node recovers it",
                    row.id(), status, parts.node(), e.getClass().getName());
        }
    }

    /**
     * An unexpected exception as a run shows it: its type and message, except for the platform's
     * database failures (JDBC, Jdbi), whose messages quote SQL and bound values — those are logged (type
     * only) under an incident id, which is all the run shows.
     */
    static String unexpected(Throwable e, UUID runId) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLException || t.getClass().getName().startsWith("org.jdbi.")) {
                String incident = UUID.randomUUID().toString().substring(0, 8);
                LOG.error("run {}: database failure {} (incident {}): {}", runId, t.getClass().getName(), incident,
                        t instanceof java.sql.SQLException s ? "SQLState " + s.getSQLState() : e.getClass().getName());
                return "a database operation failed (incident " + incident + "; the server log has the details)";
            }
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static String clip(String s) {
        return s.length() > 8000 ? s.substring(0, 8000) + "..." : s;
    }

    Optional<Execution> runningHere(UUID id) {
        return Optional.ofNullable(running.get(id));
    }
}
