package org.flowvault.platform.execution;

import org.flowvault.platform.resolution.SecretVersion;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.flowvault.platform.metrics.PlatformMetrics;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.flow.CodeFlows;
import org.flowvault.platform.flow.FlowStore;
import org.flowvault.platform.flow.Form;
import org.flowvault.platform.flow.InputSpec;
import org.flowvault.platform.flow.StoredFlow;
import org.flowvault.platform.identity.Caller;
import org.flowvault.platform.identity.ProjectMembership;
import org.flowvault.platform.masking.Masker;
import org.flowvault.platform.task.Egress;
import org.flowvault.platform.task.SecretWriteListener;
import org.flowvault.platform.audit.AuditAction;
import org.flowvault.platform.audit.AuditRecord;
import org.flowvault.platform.audit.AuditTrail;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.task.TaskInputs;
import org.flowvault.platform.task.TaskRegistry;
import org.flowvault.platform.vaultconfig.VaultAccess;

/**
 * The execution engine of one node and the run API. A run executes as the user who started it,
 * in its project; runs are shared by every node on the same database (claimed with
 * {@code FOR UPDATE SKIP LOCKED}, held under a renewed lease), and a run whose node stopped is
 * failed, or re-queued when its flow says {@code retry: N}. Sensitive inputs and secret step
 * results are stored only sealed by the {@link Sealer}, so any node can resume any run.
 *
 * <p>Build with {@link #builder()}, call {@link #startWorkers()} to execute runs on this node
 * (an API-only node may skip it), {@link #close()} at shutdown. Thread-safe. Every API method
 * checks that the caller may use the run's project and answers NOT_FOUND otherwise.
 */
public final class RunEngine implements AutoCloseable {
    private static final int MAX_LIST = 500;
    private static final Duration MAX_WAIT = Duration.ofMinutes(10);

    private final EngineParts parts;
    private final AuditTrail audit;
    private final Database db;
    private final Workers workers;
    private final Duration waitPoll;
    private RunNotifications notifications;

    private RunEngine(Builder b) {
        Signals signals = new Signals();
        this.db = b.db;
        this.audit = b.audit;
        this.parts = new EngineParts(b.node, new RunStore(b.db, b.credentials), b.flows, b.codeFlows, b.tasks, b.connections, b.secretWrites,
                b.vaultAccess, b.writeListener, b.membership, b.sealer, b.clock, b.lease, signals, b.egress, b.credentials, b.runLeases);
        this.workers = new Workers(parts, b.maxConcurrent, b.pollInterval, b.metrics);
        this.waitPoll = b.pollInterval.multipliedBy(4).compareTo(Duration.ofSeconds(1)) > 0 ? b.pollInterval.multipliedBy(4) : Duration.ofSeconds(1);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** This node's id (shown in runs it holds and in "node X stopped" errors). */
    public String nodeId() {
        return parts.node();
    }

    /** Starts claiming and executing runs on this node (and, on PostgreSQL, listening for other nodes' runs). */
    public synchronized RunEngine startWorkers() {
        if (db.dialect() == Database.Dialect.POSTGRESQL && notifications == null) {
            notifications = new RunNotifications(db, parts.signals(), workers::cancelLocal);
            notifications.start();
        }
        workers.start();
        return this;
    }

    /**
     * Starts flow {@code flowName} of the project with {@code inputs}, as {@code caller}. A stored
     * flow of the project is used when one has the name, else a registered code flow.
     *
     * @return the new run: QUEUED, or FAILED with an error naming every missing or invalid input
     *         (the run is recorded either way, so nothing is lost)
     * @throws PlatformException NOT_FOUND for an unknown flow or a project the caller may not use
     */
    public Run start(Caller caller, UUID projectId, String flowName, Map<String, ?> inputs) {
        return start(caller, projectId, flowName, inputs, List.of());
    }

    /**
     * Runs the flow of run {@code runId} again with the same inputs (sensitive ones included), as
     * {@code caller}; with {@code sameSecretVersions}, every secret its connections resolve is read
     * at the version the original run recorded (see {@link #secretsUsed}), so a secret changed since
     * gives the old value, and one deleted or destroyed since fails the step naming path and version.
     *
     * @throws PlatformException NOT_FOUND as {@link #get}, or when the flow no longer exists
     */
    public Run rerun(Caller caller, UUID runId, boolean sameSecretVersions) {
        RunRow original = visible(caller, runId);
        Map<String, Object> inputs = new LinkedHashMap<>(ColumnJson.map(original.inputs()));
        if (original.sealedInputs() != null) {
            inputs.putAll(ColumnJson.map(parts.sealer().open(original.sealedInputs(), inputsRecordId(original.id()))));
        }
        return start(caller, original.projectId(), original.flowName(), inputs,
                sameSecretVersions ? parts.store().secretVersions(runId) : List.of());
    }

    private Run start(Caller caller, UUID projectId, String flowName, Map<String, ?> inputs, List<SecretVersion> pins) {
        requireProject(caller, projectId);
        Objects.requireNonNull(flowName, "flowName");
        Optional<StoredFlow> stored = parts.flows().find(projectId, flowName);
        Optional<CodeFlows.CodeFlow> code = stored.isPresent() ? Optional.empty() : parts.codeFlows().find(flowName);
        if (stored.isEmpty() && code.isEmpty()) {
            throw PlatformException.notFound("flow '" + flowName + "' not found in this project and no code flow has that name: "
                    + "apply it first (flowvault flow apply FILE)");
        }
        List<InputSpec> specs = stored.map(s -> s.definition().inputs()).orElseGet(() -> code.get().inputs());
        int retry = stored.map(s -> s.definition().retry()).orElseGet(() -> code.get().retry());
        UUID id = UUID.randomUUID();
        Instant now = parts.clock().instant();
        Map<String, ?> given = inputs == null ? Map.of() : inputs;
        RunLimits.within(ColumnJson.write(given), RunLimits.MAX_JSON_CHARS, "the run inputs are",
                ": pass large data by reference instead (a connection, a Vault secret or a URL the flow fetches)");
        Map<String, Object> bound;
        String error = null;
        for (InputSpec spec : specs) {
            if (spec.type() == org.flowvault.platform.flow.ValueType.CREDENTIAL && spec.required() && given.get(spec.name()) == null) {
                throw PlatformException.invalid("missing required input '" + spec.name() + "' (credential): give the permissioned_user_id "
                        + "of an entry for " + spec.domain());
            }
        }
        try {
            bound = InputSpec.bind(specs, given);
        } catch (PlatformException e) {
            bound = new LinkedHashMap<>(given);
            error = "the run was refused: " + e.getMessage();
        }
        if (error == null) {
            // a credential input that names no usable entry refuses the run before it is recorded
            java.util.Set<UUID> entries = new java.util.LinkedHashSet<>();
            for (InputSpec spec : specs) {
                if (spec.type() == org.flowvault.platform.flow.ValueType.CREDENTIAL && bound.get(spec.name()) instanceof String user) {
                    entries.add(parts.credentials().check(caller, projectId, spec, user));
                }
            }
            if (!entries.isEmpty()) {
                parts.credentials().reserve(id, entries);
            }
        }
        Map<String, Object> display = new LinkedHashMap<>();
        Map<String, Object> sensitive = new LinkedHashMap<>();
        bound.forEach((k, v) -> {
            boolean secret = specs.stream().filter(s -> s.name().equals(k)).findFirst().map(InputSpec::sensitive)
                    .orElse(TaskInputs.isSecretName(k));
            if (secret) {
                sensitive.put(k, v);
                display.put(k, Masker.REPLACEMENT);
            } else {
                display.put(k, v);
            }
        });
        String sealed = error == null && !sensitive.isEmpty() ? parts.sealer().seal(ColumnJson.write(sensitive), inputsRecordId(id)) : null;
        RunStatus status = error == null ? RunStatus.QUEUED : RunStatus.FAILED;
        RunRow row = new RunRow(id, projectId, stored.isPresent() ? "DEFINED" : "CODE", flowName, stored.map(StoredFlow::id).orElse(null),
                stored.map(StoredFlow::version).orElse(null), caller.userId(), caller.username(), caller.role().name(), status,
                ColumnJson.write(display), sealed, null, null, null, null, error, null, null, 0, 1 + retry, false, null, null, now, null,
                error == null ? null : now);
        parts.store().insert(row, now, pins);
        if (status == RunStatus.QUEUED) {
            parts.signals().workAvailable();
        }
        return row.toRun();
    }

    /**
     * The configuration, path and KV version of every secret the run resolved, in order (never a
     * value); NOT_FOUND as {@link #get}.
     */
    public List<SecretVersion> secretsUsed(Caller caller, UUID runId) {
        visible(caller, runId);
        return parts.store().secretVersions(runId);
    }

    /** The project of run {@code runId}; NOT_FOUND as {@link #get}. */
    public UUID projectOf(Caller caller, UUID runId) {
        return visible(caller, runId).projectId();
    }

    /** The run {@code runId}; NOT_FOUND when it does not exist or the caller may not see it. */
    public Run get(Caller caller, UUID runId) {
        return visible(caller, runId).toRun();
    }

    /**
     * Waits until the run ends or pauses for input, at most {@code timeout} (capped at 10 minutes),
     * and returns it as it is then. No busy loop: the caller sleeps until the run changes (on this
     * node, or as told by PostgreSQL notifications), re-reading at a coarse interval as a fallback.
     */
    public Run await(Caller caller, UUID runId, Duration timeout) throws InterruptedException {
        Duration max = timeout == null || timeout.isNegative() ? Duration.ZERO : timeout.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : timeout;
        long deadline = System.nanoTime() + max.toNanos();
        visible(caller, runId);
        while (true) {
            CompletableFuture<Void> change = parts.signals().nextChange(runId);
            RunRow row = parts.store().get(runId).orElseThrow(() -> notFound(runId));
            long left = deadline - System.nanoTime();
            if (row.status().isFinal()) {
                parts.signals().forget(runId);
                return row.toRun();
            }
            if (row.status() == RunStatus.WAITING_FOR_INPUT || left <= 0) {
                return row.toRun();
            }
            Signals.await(change, Duration.ofNanos(Math.min(left, waitPoll.toNanos())));
        }
    }

    /**
     * Cancels the run: a queued or waiting run at once; a running one at its next step boundary or
     * when its task next checks (within a heartbeat when another node runs it). A run that is over
     * is returned unchanged.
     */
    public Run cancel(Caller caller, UUID runId) {
        RunRow row = visible(caller, runId);
        Instant now = parts.clock().instant();
        String why = "cancelled by " + caller.username();
        if (!parts.store().cancelIdle(runId, why, new RunStore.PendingLog(0, null, now, why), now)) {
            if (parts.store().requestCancel(runId, now)) {
                workers.cancelLocal(runId);
            }
        }
        parts.signals().changed(runId);
        return parts.store().get(runId).orElse(row).toRun();
    }

    /**
     * Gives a waiting run the person's answer to its form and re-queues it.
     *
     * @throws PlatformException INVALID listing missing, unknown or mistyped fields (no value quoted);
     *         CONFLICT when the run is not waiting for input
     */
    public Run submitInput(Caller caller, UUID runId, Map<String, ?> values) {
        RunRow row = visible(caller, runId);
        if (row.status() != RunStatus.WAITING_FOR_INPUT || row.form() == null) {
            throw PlatformException.conflict("run " + runId + " is " + row.status().label() + ", not waiting for input");
        }
        Form form = ColumnJson.read(row.form(), Form.class);
        Map<String, Object> answer = form.validate(values);
        RunLimits.within(ColumnJson.write(answer), RunLimits.MAX_JSON_CHARS, "the answer is", "");
        Masker masker = new Masker();
        java.util.Set<String> secretFields = form.secretFields();
        java.util.Set<String> secrets = new java.util.HashSet<>();
        answer.forEach((k, v) -> {
            if (secretFields.contains(k) && v != null) {
                secrets.add(v.toString());
            }
        });
        masker.registerAll(secrets);
        java.util.Set<String> sensitive = new java.util.HashSet<>(secretFields);
        sensitive.retainAll(answer.keySet());
        int seq = parts.store().lastStepSeq(runId) + 1;
        RunStore.StepRow step = Journal.row(runId, seq, row.currentStep(), answer, sensitive, secrets, masker, parts.sealer());
        Instant now = parts.clock().instant();
        String note = "input submitted by " + caller.username() + " for " + Workers.stepName(row.currentStep());
        if (!parts.store().answer(runId, step, new RunStore.PendingLog(0, null, now, note), now)) {
            throw PlatformException.conflict("run " + runId + " is no longer waiting for input (answered or cancelled meanwhile)");
        }
        parts.signals().workAvailable();
        parts.signals().changed(runId);
        return parts.store().get(runId).orElseThrow().toRun();
    }

    /** Up to {@code limit} (max 1000) log lines after line {@code afterSeq} (0: from the start), masked. */
    public List<RunLogLine> logs(Caller caller, UUID runId, int afterSeq, int limit) {
        visible(caller, runId);
        return parts.store().logs(runId, Math.max(0, afterSeq), Math.clamp(limit, 1, 1000));
    }

    /** The project's newest runs (at most 500), optionally of one status. */
    public List<Run> list(Caller caller, UUID projectId, RunStatus status, int limit) {
        return list(caller, projectId, status, null, null, limit);
    }

    /**
     * One page of the project's runs, newest first: optionally of one status and one flow, and
     * only those older than {@code before} (the last run of the previous page). Keyset paging on
     * the {@code (project_id, created_at)} index, so a deep page costs what the first one does.
     *
     * @param flowName the flow's name, or null for every flow
     * @param before   where the previous page ended, or null for the newest runs
     * @param limit    at most 500
     */
    public List<Run> list(Caller caller, UUID projectId, RunStatus status, String flowName, RunCursor before, int limit) {
        requireProject(caller, projectId);
        return parts.store().list(projectId, status, flowName, before, Math.clamp(limit, 1, MAX_LIST)).stream()
                .map(RunRow::toRun).toList();
    }

    /**
     * The run once it differs from {@code seen} (status, step, attempt or end), or as it is after
     * at most {@code max} (capped at the engine's re-read interval, so that log lines written
     * meanwhile are picked up by a caller that polls them). For live views: no busy loop, the
     * caller sleeps until the run changes on this node or as PostgreSQL tells it.
     */
    public Run awaitChange(Caller caller, UUID runId, Run seen, Duration max) throws InterruptedException {
        visible(caller, runId);
        CompletableFuture<Void> change = parts.signals().nextChange(runId);
        Run now = parts.store().get(runId).orElseThrow(() -> notFound(runId)).toRun();
        if (now.status().isFinal()) {
            parts.signals().forget(runId);
        }
        if (seen == null || now.status().isFinal() || !sameStage(seen, now)) {
            return now;
        }
        Duration wait = max == null || max.isNegative() ? Duration.ZERO : max.compareTo(waitPoll) > 0 ? waitPoll : max;
        Signals.await(change, wait);
        return parts.store().get(runId).orElseThrow(() -> notFound(runId)).toRun();
    }

    private static boolean sameStage(Run a, Run b) {
        return a.status() == b.status() && Objects.equals(a.currentStep(), b.currentStep()) && a.attempt() == b.attempt()
                && Objects.equals(a.finishedAt(), b.finishedAt());
    }

    /**
     * The run's outputs unmasked. Only the user the run ran as may reveal them (an admin cannot:
     * the values were read with that user's identity).
     *
     * @throws PlatformException FORBIDDEN for anyone else
     */
    public Map<String, Object> revealOutputs(Caller caller, UUID runId) {
        RunRow row = visible(caller, runId);
        if (!row.runAs().equals(caller.userId())) {
            throw PlatformException.forbidden("only user '" + row.runAsName() + "', who ran it, may reveal the sensitive outputs of run " + runId);
        }
        if (row.sealedOutputs() == null) {
            return row.outputs() == null ? Map.of() : ColumnJson.map(row.outputs());
        }
        Map<String, Object> outputs = ColumnJson.map(parts.sealer().open(row.sealedOutputs(), outputsRecordId(runId)));
        audit.record(AuditRecord.of(AuditAction.RUN_REVEAL).caller(caller).project(row.projectId()).run(runId).build());
        return outputs;
    }

    /**
     * How many runs, on every node, are queued, running or waiting for input now (each status
     * present, zero included): the queue depth and load an operator watches. One query.
     */
    public Map<RunStatus, Long> unfinishedCounts() {
        Map<RunStatus, Long> out = new java.util.EnumMap<>(RunStatus.class);
        for (RunStatus s : RunStatus.values()) {
            if (!s.isFinal()) {
                out.put(s, 0L);
            }
        }
        db.jdbi().useHandle(h -> h.createQuery("SELECT status, COUNT(*) AS n FROM runs "
                        + "WHERE status IN ('QUEUED', 'RUNNING', 'WAITING_FOR_INPUT') GROUP BY status")
                .map((rs, ctx) -> Map.entry(RunStatus.valueOf(rs.getString("status")), rs.getLong("n")))
                .forEach(e -> out.put(e.getKey(), e.getValue())));
        return out;
    }

    /** Runs executing on this node now. */
    public int activeOnThisNode() {
        return workers.active();
    }

    /** Stops claiming; runs in progress get up to 10 seconds, then their leases lapse and other nodes recover them. */
    @Override
    public void close() {
        try {
            if (notifications != null) {
                notifications.close();
            }
            workers.stop(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** For tests: the node dies (no claims, heartbeats or writes); its runs stay as they are. */
    void halt() throws InterruptedException {
        if (notifications != null) {
            notifications.close();
        }
        workers.halt();
    }

    /** For tests: runs the dead-node recovery now instead of at the next heartbeat. */
    void recoverNow() {
        workers.recover();
    }

    int activeRuns() {
        return workers.active();
    }

    static String inputsRecordId(UUID runId) {
        return "run:" + runId + ":inputs";
    }

    static String outputsRecordId(UUID runId) {
        return "run:" + runId + ":outputs";
    }

    private RunRow visible(Caller caller, UUID runId) {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(runId, "runId");
        RunRow row = parts.store().get(runId).orElseThrow(() -> notFound(runId));
        if (!parts.membership().canUse(caller, row.projectId())) {
            throw notFound(runId);
        }
        return row;
    }

    private static PlatformException notFound(UUID runId) {
        return PlatformException.notFound("run " + runId + " not found");
    }

    private void requireProject(Caller caller, UUID projectId) {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(projectId, "projectId");
        if (!parts.membership().canUse(caller, projectId)) {
            throw PlatformException.notFound("project " + projectId + " not found, or user '" + caller.username() + "' is not a member");
        }
    }

    /** Builds a {@link RunEngine}; database, flows, tasks, membership and sealer are required. */
    public static final class Builder {
        private Database db;
        private FlowStore flows;
        private CodeFlows codeFlows = CodeFlows.none();
        private TaskRegistry tasks;
        private ConnectionResolver connections = ConnectionResolver.none();
        private SecretWrites secretWrites = SecretWrites.none();
        private VaultAccess vaultAccess;
        private SecretWriteListener writeListener = SecretWriteListener.NONE;
        private AuditTrail audit = AuditTrail.none();
        private Egress egress = Egress.publicHosts();
        private CredentialInputs credentials = CredentialInputs.NONE;
        private RunLeases runLeases = RunLeases.NONE;
        private ProjectMembership membership;
        private Sealer sealer;
        private Clock clock = Clock.systemUTC();
        private String node = defaultNode();
        private int maxConcurrent = 64;
        private Duration lease = Duration.ofSeconds(30);
        private Duration pollInterval = Duration.ofMillis(500);
        private PlatformMetrics metrics = PlatformMetrics.none();

        private Builder() {
        }

        public Builder database(Database db) { this.db = Objects.requireNonNull(db, "db"); return this; }

        public Builder flows(FlowStore flows) { this.flows = Objects.requireNonNull(flows, "flows"); return this; }

        public Builder codeFlows(CodeFlows codeFlows) { this.codeFlows = Objects.requireNonNull(codeFlows, "codeFlows"); return this; }

        public Builder tasks(TaskRegistry tasks) { this.tasks = Objects.requireNonNull(tasks, "tasks"); return this; }

        public Builder connections(ConnectionResolver c) { this.connections = Objects.requireNonNull(c, "connections"); return this; }

        public Builder secretWrites(SecretWrites w) { this.secretWrites = Objects.requireNonNull(w, "secretWrites"); return this; }

        /** Vault access for VAULT task steps (the run's identity); default: none. */
        public Builder vaultAccess(VaultAccess access) { this.vaultAccess = Objects.requireNonNull(access, "vaultAccess"); return this; }

        /** Told after every write a VAULT step makes (cache invalidation); default: nobody. */
        /** Where tasks may connect (default: public hosts only). */
        public Builder egress(Egress e) { this.egress = Objects.requireNonNull(e, "egress"); return this; }
        /** Where revealing a run's sensitive outputs is recorded (default: nowhere, for engines built in tests). */
        public Builder audit(AuditTrail trail) { this.audit = Objects.requireNonNull(trail, "audit"); return this; }
        public Builder secretWriteListener(SecretWriteListener l) { this.writeListener = Objects.requireNonNull(l, "listener"); return this; }

        /** The credential vault that credential inputs name entries of (default: none, such inputs are refused). */
        public Builder credentials(CredentialInputs c) { this.credentials = Objects.requireNonNull(c, "credentials"); return this; }

        /** The leases of runs' dynamic secrets, revoked when runs end or are recovered (default: none). */
        public Builder runLeases(RunLeases l) { this.runLeases = Objects.requireNonNull(l, "runLeases"); return this; }

        public Builder membership(ProjectMembership m) { this.membership = Objects.requireNonNull(m, "membership"); return this; }

        public Builder sealer(Sealer sealer) { this.sealer = Objects.requireNonNull(sealer, "sealer"); return this; }

        public Builder clock(Clock clock) { this.clock = Objects.requireNonNull(clock, "clock"); return this; }

        /** This node's id, unique among live nodes; default: host name + random suffix. */
        public Builder nodeId(String node) { this.node = Objects.requireNonNull(node, "node"); return this; }

        /** Runs executing at once on this node (default 64). */
        public Builder maxConcurrentRuns(int n) { this.maxConcurrent = n; return this; }

        /** How long a claim lasts without a heartbeat (default 30 s; heartbeats every third of it). */
        public Builder lease(Duration lease) { this.lease = Objects.requireNonNull(lease, "lease"); return this; }

        /** How often idle nodes look for runs queued elsewhere (default 500 ms). */
        public Builder pollInterval(Duration d) { this.pollInterval = Objects.requireNonNull(d, "pollInterval"); return this; }

        /** Where runs ending on this node are counted and timed (default: nowhere). */
        public Builder metrics(PlatformMetrics m) { this.metrics = Objects.requireNonNull(m, "metrics"); return this; }

        public RunEngine build() {
            if (db == null || flows == null || tasks == null || membership == null || sealer == null) {
                throw new IllegalStateException("a run engine needs database, flows, tasks, membership and sealer");
            }
            if (maxConcurrent < 1 || maxConcurrent > 10_000) {
                throw new IllegalStateException("maxConcurrentRuns must be 1..10000, got " + maxConcurrent);
            }
            if (lease.compareTo(Duration.ofMillis(300)) < 0) {
                throw new IllegalStateException("lease must be at least 300 ms, got " + lease);
            }
            if (pollInterval.isNegative() || pollInterval.isZero()) {
                throw new IllegalStateException("pollInterval must be positive");
            }
            return new RunEngine(this);
        }

        private static String defaultNode() {
            String host;
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = "node";
            }
            return (host.length() > 40 ? host.substring(0, 40) : host).toLowerCase(Locale.ROOT) + "-"
                    + UUID.randomUUID().toString().substring(0, 8);
        }
    }
}
