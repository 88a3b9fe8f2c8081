package org.flowvault.platform.execution;

import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.resolution.SecretPins;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.flowvault.platform.flow.Flow;
import org.flowvault.platform.flow.FlowContext;
import org.flowvault.platform.flow.Form;
import org.flowvault.platform.identity.Caller;
import org.flowvault.platform.masking.Masker;
import org.flowvault.platform.task.Egress;
import org.flowvault.platform.task.Task;
import org.flowvault.platform.task.TaskContext;
import org.flowvault.platform.task.TaskException;
import org.flowvault.platform.task.TaskResult;
import org.flowvault.platform.task.VaultTarget;
import org.flowvault.platform.task.VaultTargets;
import org.flowvault.platform.vaultconfig.VaultConfiguration;

/**
 * One claim of one run on this node: the run's masker, its inputs, its journal and its log. It is
 * the {@link FlowContext} code flows see; defined flows go through the same step methods, so both
 * replay their journal the same way. Used by the single thread running the run, except
 * {@link #cancel()}, which any thread may call.
 */
final class Execution implements FlowContext {
    private final EngineParts parts;
    private Egress egress;
    private final RunRow row;
    private final Caller caller;
    private final Masker masker;
    private final Map<String, Object> inputs;
    private final Journal journal;
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ORIGINAL_SERVER);
    private final List<RunStore.PendingLog> pendingLogs = new ArrayList<>();
    private final List<Runnable> afterStep = new ArrayList<>();
    private final List<CredentialInputs.Credential> credentials = new ArrayList<>();
    private volatile boolean cancelled;
    private int logSeq;
    private int calls;
    private volatile String currentKey;

    Execution(EngineParts parts, RunRow row, Caller caller, Masker masker, Map<String, Object> inputs, Journal journal, int logSeq) {
        this.parts = parts;
        this.row = row;
        this.caller = caller;
        this.masker = masker;
        this.inputs = inputs;
        this.journal = journal;
        this.logSeq = logSeq;
        this.cancelled = row.cancelRequested();
    }

    RunRow row() {
        return row;
    }

    Masker masker() {
        return masker;
    }

    void cancel() {
        cancelled = true;
    }

    /** The run's cookie jar, which HTTP steps share. */
    java.net.CookieStore cookieJar() {
        return cookies.getCookieStore();
    }

    /**
     * Registers the value of every cookie in the run's jar with the masker: a session cookie is a
     * credential (a persisted jar's cookies are loaded before any step runs).
     */
    void maskCookies() {
        masker.registerAll(cookies.getCookieStore().getCookies().stream().map(java.net.HttpCookie::getValue).toList());
    }

    void usesCredential(CredentialInputs.Credential c) {
        credentials.add(c);
    }

    /**
     * Saves the jar for the credential entries that persist cookies: all of it for the only such
     * entry, each entry's own site's cookies when there are several. Never fails the run.
     */
    void saveCredentialCookies() {
        List<CredentialInputs.Credential> persisting = credentials.stream().filter(CredentialInputs.Credential::persistsCookies).toList();
        for (CredentialInputs.Credential c : persisting) {
            try {
                c.saveCookies(cookieJar(), persisting.size() > 1);
            } catch (RuntimeException e) {
                log(null, "the cookies of the credential entry of " + c.domain() + " could not be saved: " + e.getClass().getSimpleName());
            }
        }
    }

    boolean isCancelled() {
        return cancelled;
    }

    // ---- the steps: replayed from the journal when recorded, else executed and recorded ----

    /** Runs a task step (with a connection or not) under {@code key}; {@code label} names it in messages. */
    Map<String, Object> runTask(String key, String label, String type, String connection, Map<String, Object> stepInputs) {
        try {
            return executeTask(key, label, type, connection, stepInputs);
        } finally {
            endStep();
        }
    }

    private SecretPins pins;

    /** The secret versions this run must read (a rerun with the same versions), loaded once. */
    private SecretPins pins() {
        if (pins == null) {
            pins = parts.store().secretPins(row.id());
        }
        return pins;
    }

    /** Runs {@code r} when the task step being prepared or run ends (e.g. a credential's login lock is released). */
    void afterStep(Runnable r) {
        afterStep.add(r);
    }

    private void endStep() {
        for (Runnable r : afterStep) {
            r.run();
        }
        afterStep.clear();
    }

    private Map<String, Object> executeTask(String key, String label, String type, String connection, Map<String, Object> stepInputs) {
        Journal.Entry done = journal.find(key);
        if (done != null) {
            return done.outputs();
        }
        begin(key);
        Set<String> secrets = java.util.concurrent.ConcurrentHashMap.newKeySet(); // tasks may declare secrets from their own threads
        Map<String, Object> taskInputs = stepInputs == null ? Map.of() : stepInputs;
        String taskType = type;
        try {
            parts.runLeases().check(row.id());
        } catch (PlatformException e) {
            throw new StepFailure(label + ": " + e.getMessage());
        }
        if (connection != null) {
            log(key, label + ": resolving connection '" + connection + "'");
            ResolvedInputs resolved;
            try {
                resolved = parts.connections().resolveForRun(row.id(), connection, row.projectId(), caller, taskInputs, pins());
            } catch (PlatformException e) {
                throw new StepFailure(label + ": connection '" + connection + "': " + e.getMessage());
            }
            masker.registerAll(resolved.secretValues());
            for (String leaseId : resolved.leaseIds()) {
                log(key, label + ": connection '" + connection + "': dynamic secret issued for this run under lease " + leaseId
                        + " (renewed while the run lives, revoked when it ends)");
            }
            secrets.addAll(resolved.secretValues());
            parts.store().recordSecretVersions(row.id(), resolved.secretsUsed());
            taskInputs = resolved.inputs();
            if (taskType == null) {
                taskType = resolved.taskType();
            }
        }
        if (taskType == null) {
            throw new StepFailure(label + ": no task type: name one with 'task:' or give the connection a type");
        }
        Task task;
        try {
            task = parts.tasks().get(taskType);
        } catch (TaskException e) {
            throw new StepFailure(label + ": " + e.getMessage());
        }
        log(key, label + ": running task " + task.type());
        TaskContext context = TaskContext.builder(masker)
                .log(line -> log(key, line))
                .cancelled(() -> cancelled)
                .cookies(cookies)
                .secrets(secrets::add)
                .vault(vaultTargets())
                .secretWrites(parts.writeListener())
                .egress(egress())
                .build();
        TaskResult result;
        try {
            result = task.execute(taskInputs, context);
        } catch (TaskException e) {
            if (e.kind() == TaskException.Kind.CANCELLED) {
                throw new Unwind(Unwind.Kind.CANCELLED, "cancelled during " + label);
            }
            throw new StepFailure(label + " (" + task.type() + ") failed: " + e.getMessage());
        } catch (PlatformException e) {
            throw new StepFailure(label + " (" + task.type() + ") failed: " + e.getMessage());
        } catch (RuntimeException e) {
            throw new StepFailure(label + " (" + task.type() + ") failed unexpectedly: " + Workers.unexpected(e, row.id()));
        }
        for (String name : result.sensitive()) {
            masker.registerTree(result.outputs().get(name));
        }
        record(key, result.outputs(), result.sensitive(), secrets);
        return result.outputs();
    }

    /**
     * The operator's egress allow-list, narrowed to the project's own list when it has one; looked
     * up at the run's first task, so a change applies to runs that start (or resume) afterwards.
     */
    private Egress egress() {
        if (egress == null) {
            egress = parts.membership().taskEgress(row.projectId())
                    .map(entries -> parts.egress().narrowedTo(Egress.of(entries)))
                    .orElse(parts.egress());
        }
        return egress;
    }

    /** Writes a secret under {@code key} (once: a replay does not write again). */
    void writeSecret(String key, String label, String configuration, String path, Map<String, Object> data) {
        if (journal.find(key) != null) {
            return;
        }
        begin(key);
        List<String> values = new ArrayList<>();
        collectStrings(data, values);
        masker.registerAll(values);
        log(key, label + ": writing secret '" + path + "'" + (configuration == null ? "" : " to vault configuration '" + configuration + "'"));
        try {
            parts.secretWrites().write(row.projectId(), caller, configuration, path, data);
        } catch (PlatformException e) {
            throw new StepFailure(label + ": writing secret '" + path + "' failed: " + e.getMessage());
        }
        record(key, Map.of(), Set.of(), new HashSet<>(values));
    }

    /** Pauses for {@code form} under {@code key}, or returns the recorded answer. */
    Map<String, Object> ask(String key, String label, Form form) {
        Journal.Entry done = journal.find(key);
        if (done != null) {
            return done.outputs();
        }
        currentKey = key;
        checkCancelled();
        log(key, label + ": waiting for input: " + form.subject());
        if (!parts.store().pause(row.id(), parts.node(), key, ColumnJson.write(form), drainLogs(), parts.clock().instant())) {
            throw new Unwind(Unwind.Kind.LEASE_LOST, "lease lost");
        }
        throw new Unwind(Unwind.Kind.SUSPENDED, "waiting for input");
    }

    String currentKey() {
        return currentKey;
    }

    private void begin(String key) {
        currentKey = key;
        checkCancelled();
        if (!parts.store().beginStep(row.id(), parts.node(), key, parts.clock().instant())) {
            throw new Unwind(Unwind.Kind.LEASE_LOST, "lease lost");
        }
    }

    void checkCancelled() {
        if (cancelled) {
            throw new Unwind(Unwind.Kind.CANCELLED, "cancelled");
        }
    }

    private void record(String key, Map<String, Object> outputs, Set<String> sensitive, Set<String> secrets) {
        int seq = journal.nextSeq();
        RunStore.StepRow stepRow = Journal.row(row.id(), seq, key, outputs, sensitive, secrets, masker, parts.sealer());
        if (!parts.store().recordStep(row.id(), parts.node(), stepRow, drainLogs(), parts.clock().instant())) {
            throw new Unwind(Unwind.Kind.LEASE_LOST, "lease lost");
        }
        journal.add(seq, key, outputs);
    }

    private VaultTargets vaultTargets() {
        if (parts.vaultAccess() == null) {
            return name -> {
                throw TaskException.input("this platform has no vault configurations: an admin adds one first");
            };
        }
        return name -> {
            VaultConfiguration config = name == null
                    ? parts.vaultAccess().usableIn(row.projectId()).stream().findFirst().orElseThrow(() -> PlatformException.notFound(
                            "no vault configuration is usable in this project: an admin adds one or widens a configuration's scope"))
                    : parts.vaultAccess().find(name, row.projectId()).orElseThrow(() -> PlatformException.notFound(
                            "vault configuration '" + name + "' not found or not usable in this project"));
            return new VaultTarget(config, parts.vaultAccess().identity(config, caller));
        };
    }

    // ---- the log ----

    void log(String step, String line) {
        synchronized (pendingLogs) {
            String masked = masker.mask(line);
            pendingLogs.add(new RunStore.PendingLog(++logSeq, step, parts.clock().instant(),
                    masked.length() > 8000 ? masked.substring(0, 8000) + "..." : masked));
        }
    }

    /**
     * The pending lines, masked again: a secret may have become known after a line was logged
     * (a task that logs a value, then returns it as a sensitive output).
     */
    List<RunStore.PendingLog> drainLogs() {
        synchronized (pendingLogs) {
            List<RunStore.PendingLog> out = new ArrayList<>(pendingLogs.size());
            for (RunStore.PendingLog l : pendingLogs) {
                out.add(new RunStore.PendingLog(l.seq(), l.step(), l.at(), masker.mask(l.line())));
            }
            pendingLogs.clear();
            return out;
        }
    }

    // ---- FlowContext, for code flows: keys number the calls so a replay that diverges is caught ----

    private String callKey(String what) {
        int n = ++calls;
        String key = n + ":" + what;
        String recorded = journal.keyOfCall(n);
        if (recorded != null && !recorded.equals(key)) {
            throw new StepFailure("the flow did not replay the same way: call " + n + " was " + recorded.substring(recorded.indexOf(':') + 1)
                    + " and is now " + what + "; a code flow must make the same context calls in the same order on every run of its handler");
        }
        return key.length() > 250 ? key.substring(0, 250) : key;
    }

    @Override
    public Map<String, Object> inputs() {
        return inputs;
    }

    @Override
    public Map<String, Object> connect(String connection) {
        return connect(connection, Map.of());
    }

    @Override
    public Map<String, Object> connect(String connection, Map<String, Object> overrides) {
        Objects.requireNonNull(connection, "connection");
        String key = callKey("connect:" + connection);
        return runTask(key, "connect('" + connection + "')", null, connection, overrides == null ? Map.of() : overrides);
    }

    @Override
    public Map<String, Object> task(String type, Map<String, Object> taskInputs) {
        Objects.requireNonNull(type, "type");
        String key = callKey("task:" + type);
        return runTask(key, "task('" + type + "')", type, null, taskInputs == null ? Map.of() : taskInputs);
    }

    @Override
    public RunVault vaultConfig(String name) {
        return (path, data) -> {
            Objects.requireNonNull(path, "path");
            String key = callKey("write_secret:" + (name == null ? "" : name) + ":" + path);
            writeSecret(key, "vaultConfig(" + (name == null ? "default" : "'" + name + "'") + ").writeSecret", name, path,
                    data == null ? Map.of() : data);
        };
    }

    @Override
    public Map<String, Object> message(Form form) {
        Objects.requireNonNull(form, "form");
        String key = callKey("message");
        return ask(key, "message", form);
    }

    @Override
    public void log(String line) {
        log(null, line == null ? "" : line);
    }

    @Override
    public Flow.Result success(String message) {
        return Flow.Result.success(message);
    }

    @Override
    public Flow.Result success(String message, Map<String, Object> outputs) {
        return Flow.Result.success(message, outputs);
    }

    @Override
    public Flow.Result failure(String message) {
        return Flow.Result.failure(message);
    }

    static void collectStrings(Object node, List<String> out) {
        if (node instanceof Map<?, ?> m) {
            m.values().forEach(v -> collectStrings(v, out));
        } else if (node instanceof Iterable<?> l) {
            l.forEach(v -> collectStrings(v, out));
        } else if (node instanceof String || node instanceof Number) {
            out.add(node.toString());
        }
    }

    /** A step failed; the message is masked before it is stored. */
    static final class StepFailure extends RuntimeException {
        StepFailure(String message) {
            super(message, null, false, false);
        }
    }

    static Map<String, Object> copy(Map<String, Object> m) {
        return new LinkedHashMap<>(m);
    }
}
