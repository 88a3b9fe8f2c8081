package org.flowvault.server.flow;

import static org.flowvault.server.http.Api.body;
import static org.flowvault.server.http.Api.caller;
import static org.flowvault.server.http.Api.json;
import static org.flowvault.server.http.Api.ok;

import io.javalin.http.Context;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.flowvault.platform.Platform;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.execution.Run;
import org.flowvault.platform.execution.RunLogLine;
import org.flowvault.platform.execution.RunStatus;
import org.flowvault.platform.flow.AppliedFlow;
import org.flowvault.platform.flow.Form;
import org.flowvault.platform.flow.InputSpec;
import org.flowvault.platform.flow.StoredFlow;
import org.flowvault.platform.identity.Caller;
import org.flowvault.server.http.Fields;
import org.flowvault.server.http.Routes;
import org.flowvault.server.http.Views;
import org.flowvault.server.identity.IdentityRoutes;

/**
 * Flows (YAML documents, versioned per project) and their runs: start, get, long-poll wait,
 * cancel, a person's input, step logs, and revealing sensitive outputs to the user who ran it.
 * Everything a run shows is masked by the engine before it reaches this layer.
 */
public final class FlowRoutes {
    private static final String FLOWS = "/api/v1/projects/{project}/flows";
    private static final Duration MAX_WAIT = Duration.ofSeconds(60);

    private FlowRoutes() {
    }

    public static void register(Routes r, Platform p) {
        r.get(FLOWS, ctx -> {
            Caller c = caller(ctx);
            ok(ctx, Map.of("flows", p.flows().list(c, project(ctx, p, c)).stream().map(f -> Views.of(
                    "id", f.id(), "name", f.name(), "latest_version", f.latestVersion(), "updated_at", f.updatedAt())).toList()));
        });
        r.post(FLOWS, ctx -> {
            Caller c = caller(ctx);
            UUID project = project(ctx, p, c);
            AppliedFlow applied = p.flows().apply(c, project, Fields.requiredText(body(ctx), "source"));
            json(ctx, applied.created() ? 201 : 200, Views.of("created", applied.created(), "flow", flow(applied.flow(), false)));
        });
        r.get(FLOWS + "/{name}", ctx -> {
            Caller c = caller(ctx);
            ok(ctx, flow(p.flows().latest(c, project(ctx, p, c), ctx.pathParam("name")), true));
        });
        r.get(FLOWS + "/{name}/versions/{version}", ctx -> {
            Caller c = caller(ctx);
            int version;
            try {
                version = Integer.parseInt(ctx.pathParam("version"));
            } catch (NumberFormatException e) {
                throw PlatformException.notFound("flow version '" + ctx.pathParam("version") + "' not found: versions are 1, 2, ...");
            }
            ok(ctx, flow(p.flows().version(c, project(ctx, p, c), ctx.pathParam("name"), version), true));
        });
        r.post(FLOWS + "/{name}/runs", ctx -> {
            Caller c = caller(ctx);
            var body = body(ctx);
            UUID projectId = project(ctx, p, c);
            if (Fields.has(body, "rerun_of")) {
                // The same flow and inputs again; with same_secret_versions, each secret at the version the first run read.
                UUID of = rerunOf(Fields.text(body, "rerun_of", null));
                Run original = p.runs().get(c, of);
                if (!original.flowName().equals(ctx.pathParam("name")) || !p.runs().projectOf(c, of).equals(projectId)) {
                    throw PlatformException.invalid("'rerun_of' must name a run of this flow in this project");
                }
                if (Fields.has(body, "inputs")) {
                    throw PlatformException.invalid("a rerun takes the first run's inputs: leave out 'inputs' (or start a new run)");
                }
                json(ctx, 202, run(p.runs().rerun(c, of, Fields.bool(body, "same_secret_versions", false))));
                return;
            }
            Map<String, Object> inputs = Fields.object(body, "inputs");
            Run run = p.runs().start(c, projectId, ctx.pathParam("name"), inputs == null ? Map.of() : inputs);
            json(ctx, 202, run(run));
        });
        r.get("/api/v1/projects/{project}/runs", ctx -> {
            Caller c = caller(ctx);
            String status = ctx.queryParam("status");
            RunStatus s = status == null ? null : parseStatus(status);
            int limit = intParam(ctx, "limit", 50);
            ok(ctx, Map.of("runs", p.runs().list(c, project(ctx, p, c), s, limit).stream().map(FlowRoutes::run).toList()));
        });
        r.get("/api/v1/runs/{id}", ctx -> {
            Map<String, Object> answer = new java.util.LinkedHashMap<>(run(p.runs().get(caller(ctx), id(ctx))));
            // Which version of each secret the run read (never a value): what a rerun with the same versions pins.
            answer.put("secrets_used", p.runs().secretsUsed(caller(ctx), id(ctx)).stream()
                    .map(v -> Views.of("config", v.config(), "path", v.path(), "version", v.version())).toList());
            ok(ctx, answer);
        });
        r.get("/api/v1/runs/{id}/wait", ctx -> {
            Duration timeout = Duration.ofSeconds(Math.clamp(intParam(ctx, "timeout", 30), 0, MAX_WAIT.toSeconds()));
            ok(ctx, run(p.runs().await(caller(ctx), id(ctx), timeout)));
        });
        r.get("/api/v1/runs/{id}/events", ctx -> RunEvents.stream(ctx, p, caller(ctx), id(ctx)));
        r.post("/api/v1/runs/{id}/cancel", ctx -> ok(ctx, run(p.runs().cancel(caller(ctx), id(ctx)))));
        r.post("/api/v1/runs/{id}/input", ctx -> {
            Map<String, Object> values = Fields.object(body(ctx), "values");
            if (values == null) {
                throw PlatformException.invalid("'values' is required: the form's fields as a JSON object");
            }
            ok(ctx, run(p.runs().submitInput(caller(ctx), id(ctx), values)));
        });
        r.get("/api/v1/runs/{id}/logs", ctx -> {
            List<RunLogLine> lines = p.runs().logs(caller(ctx), id(ctx), intParam(ctx, "after", 0), intParam(ctx, "limit", 1000));
            ok(ctx, Map.of("lines", lines.stream().map(l -> Views.of("seq", l.seq(), "step", l.step(), "at", l.at(), "line", l.line())).toList()));
        });
        r.post("/api/v1/runs/{id}/reveal", ctx -> ok(ctx, Map.of("outputs", p.runs().revealOutputs(caller(ctx), id(ctx)))));
    }

    private static UUID project(Context ctx, Platform p, Caller c) {
        return p.projects().requireUsable(c, ctx.pathParam("project"));
    }

    private static UUID id(Context ctx) {
        return IdentityRoutes.uuid(ctx.pathParam("id"), "run");
    }

    private static int intParam(Context ctx, String name, int fallback) {
        String v = ctx.queryParam(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw PlatformException.invalid("query parameter '" + name + "' must be a whole number");
        }
    }

    private static RunStatus parseStatus(String s) {
        try {
            return RunStatus.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw PlatformException.invalid("'status' must be one of queued, running, waiting_for_input, succeeded, failed, cancelled");
        }
    }

    private static Map<String, Object> flow(StoredFlow f, boolean withSource) {
        return Views.of("id", f.id(), "name", f.name(), "version", f.version(),
                "description", f.definition().description(),
                "inputs", f.definition().inputs().stream().map(FlowRoutes::input).toList(),
                "steps", f.definition().steps().size(),
                "created_at", f.createdAt(), "source", withSource ? f.source() : null);
    }

    private static Map<String, Object> input(InputSpec i) {
        return Views.of("name", i.name(), "type", i.type().name().toLowerCase(Locale.ROOT), "required", i.required(),
                "sensitive", i.sensitive(), "description", i.description());
    }

    private static UUID rerunOf(String text) {
        try {
            return UUID.fromString(text == null ? "" : text.strip());
        } catch (IllegalArgumentException e) {
            throw PlatformException.invalidField("rerun_of", "'rerun_of' must be a run id (a UUID, as runs are listed)");
        }
    }

    static Map<String, Object> run(Run r) {
        return Views.of("id", r.id(), "flow", r.flowName(), "flow_version", r.flowVersion(), "run_as", r.runAsName(),
                "status", r.status().name().toLowerCase(Locale.ROOT), "inputs", r.inputs(), "outputs", r.outputs(),
                "sensitive_outputs", r.sensitiveOutputs(), "message", r.message(), "error", r.error(),
                "form", form(r.form()), "current_step", r.currentStep(), "attempt", r.attempt(),
                "max_attempts", r.maxAttempts(), "claimed_by", r.claimedBy(), "created_at", r.createdAt(),
                "started_at", r.startedAt(), "finished_at", r.finishedAt());
    }

    private static Map<String, Object> form(Form f) {
        if (f == null) {
            return null;
        }
        return Views.of("subject", f.subject(), "text", f.text(), "fields", f.fields().stream().map(x -> Views.of(
                "name", x.name(), "type", x.type().name().toLowerCase(Locale.ROOT), "label", x.label(),
                "required", x.required(), "secret", x.secret(), "choices", x.choices().isEmpty() ? null : x.choices())).toList());
    }
}
