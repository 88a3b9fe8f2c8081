package org.flowvault.sdk.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.flowvault.sdk.Secret;
import org.flowvault.sdk.flow.Form;
import org.flowvault.sdk.flow.Run;
import org.flowvault.sdk.flow.RunHandle;
import org.flowvault.sdk.flow.RunLogLine;
import org.flowvault.sdk.flow.RunOperations;
import org.flowvault.sdk.flow.RunStatus;

/** {@link RunOperations} and {@link RunHandle} over the REST API. */
final class RunTemplate implements RunOperations {
    /** The server long-polls at most 60 s; 30 s keeps each call well inside the client timeout. */
    private static final long MAX_POLL_SECONDS = 30;
    private static final int LOG_PAGE = 1000;

    private final Transport http;
    private final String project;

    /** {@code project} may be null: then only {@link #handle(String)} works. */
    RunTemplate(Transport http, String project) {
        this.http = http;
        this.project = project;
    }

    private String project() {
        if (project == null) {
            throw new IllegalStateException("starting and listing runs need a project: give Flowvault.builder().project(NAME) or call runs(NAME)");
        }
        return project;
    }

    @Override
    public RunHandle start(String flow, Map<String, ?> inputs) {
        Objects.requireNonNull(flow, "flow");
        Run run = run(http.post(ApiPath.of("projects", project(), "flows", flow, "runs"), Map.of("inputs", inputs == null ? Map.of() : inputs)));
        return new Handle(run.id());
    }

    @Override
    public RunHandle rerun(String flow, String runId, boolean sameSecretVersions) {
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(runId, "runId");
        Run run = run(http.post(ApiPath.of("projects", project(), "flows", flow, "runs"),
                Map.of("rerun_of", runId, "same_secret_versions", sameSecretVersions)));
        return new Handle(run.id());
    }

    @Override
    public RunHandle handle(String runId) {
        if (runId == null || runId.isBlank()) {
            throw new IllegalArgumentException("a run id is required");
        }
        return new Handle(runId);
    }

    @Override
    public List<Run> list() {
        return list(null, 50);
    }

    @Override
    public List<Run> list(RunStatus status, int limit) {
        ApiPath p = ApiPath.of("projects", project(), "runs").query("status", status == null ? null : status.wireName(), "limit", limit);
        return ResponseJson.list(http.get(p), "runs", RunTemplate::run);
    }

    static Run run(JsonNode n) {
        JsonNode f = n.get("form");
        Form form = f == null || !f.isObject() ? null : new Form(ResponseJson.text(f, "subject"), ResponseJson.text(f, "text"),
                ResponseJson.list(f, "fields", x -> new Form.Field(ResponseJson.text(x, "name"), ResponseJson.text(x, "type"), ResponseJson.text(x, "label"),
                        ResponseJson.bool(x, "required"), ResponseJson.bool(x, "secret"))));
        return new Run(ResponseJson.text(n, "id"), ResponseJson.text(n, "flow"), n.path("flow_version").asInt(), ResponseJson.text(n, "run_as"),
                RunStatus.fromWire(n.path("status").asText()), ResponseJson.map(n.get("inputs")), ResponseJson.map(n.get("outputs")),
                ResponseJson.strings(n, "sensitive_outputs"), ResponseJson.text(n, "message"), ResponseJson.text(n, "error"), form,
                ResponseJson.text(n, "current_step"), n.path("attempt").asInt(), n.path("max_attempts").asInt(), ResponseJson.text(n, "claimed_by"),
                ResponseJson.instant(n, "created_at"), ResponseJson.instant(n, "started_at"), ResponseJson.instant(n, "finished_at"),
                ResponseJson.list(n, "secrets_used", x -> new Run.SecretUsed(ResponseJson.text(x, "config"), ResponseJson.text(x, "path"), x.path("version").asLong())));
    }

    /** One run, by id. */
    private final class Handle implements RunHandle {
        private final String id;

        Handle(String id) {
            this.id = id;
        }

        private ApiPath path() {
            return ApiPath.of("runs", id);
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public Run get() {
            return run(http.get(path()));
        }

        @Override
        public Run await(Duration timeout) {
            long deadline = System.nanoTime() + Objects.requireNonNull(timeout, "timeout").toNanos();
            Run run = get();
            while (!run.status().isSettled()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return run;
                }
                // the server waits whole seconds: round up, so a short remainder still waits rather than spins
                long seconds = Math.min(MAX_POLL_SECONDS, Math.max(1, (left + 999_999_999L) / 1_000_000_000L));
                run = run(http.get(path().then("wait").query("timeout", seconds), Duration.ofSeconds(seconds)));
            }
            return run;
        }

        @Override
        public Run cancel() {
            return run(http.post(path().then("cancel"), Map.of()));
        }

        @Override
        public Run submitInput(Map<String, ?> values) {
            return run(http.post(path().then("input"), Map.of("values", Objects.requireNonNull(values, "values"))));
        }

        @Override
        public List<RunLogLine> logs() {
            List<RunLogLine> all = new java.util.ArrayList<>();
            int after = 0;
            while (true) {
                List<RunLogLine> page = ResponseJson.list(http.get(path().then("logs").query("after", after, "limit", LOG_PAGE)), "lines",
                        l -> new RunLogLine(l.path("seq").asInt(), ResponseJson.text(l, "step"), ResponseJson.instant(l, "at"), ResponseJson.text(l, "line")));
                all.addAll(page);
                if (page.size() < LOG_PAGE) {
                    return List.copyOf(all);
                }
                after = page.getLast().seq();
            }
        }

        @Override
        public Map<String, Secret> reveal() {
            Map<String, Secret> out = new LinkedHashMap<>();
            http.post(path().then("reveal"), Map.of()).path("outputs").properties().forEach(e ->
                    out.put(e.getKey(), Secret.of(e.getValue().isTextual() ? e.getValue().textValue() : e.getValue().toString())));
            return java.util.Collections.unmodifiableMap(out);
        }

        @Override
        public String toString() {
            return "RunHandle[" + id + "]";
        }
    }
}
