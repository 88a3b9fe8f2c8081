package org.flowvault.server.web.flow;

import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flowvault.platform.Platform;
import org.flowvault.platform.credential.CredentialEntry;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.execution.Run;
import org.flowvault.platform.flow.AppliedFlow;
import org.flowvault.platform.flow.FlowDefinitionException;
import org.flowvault.platform.flow.InputSpec;
import org.flowvault.platform.flow.StoredFlow;
import org.flowvault.server.http.ErrorMapping;
import org.flowvault.server.web.Pages;
import org.flowvault.server.web.Viewer;

/**
 * The flow pages: the project's flows, a flow's YAML editor with its problems at line and column,
 * its version history, and "Start a run" from a form generated from its inputs.
 */
public final class FlowPages {
    private FlowPages() {
    }

    public static void register(Pages pages) {
        Platform p = pages.platform();
        pages.get("/projects/{project}/flows", (ctx, viewer) -> list(ctx, 200, p, viewer, "", List.of(), null));
        pages.post("/projects/{project}/flows", (ctx, viewer) -> apply(ctx, p, viewer));
        pages.get("/projects/{project}/flows/{name}", (ctx, viewer) -> {
            StoredFlow latest = p.flows().latest(viewer.caller(), project(p, viewer), ctx.pathParam("name"));
            StoredFlow shown = latest;
            String v = ctx.queryParam("version");
            if (v != null) {
                try {
                    shown = p.flows().version(viewer.caller(), latest.projectId(), latest.name(), Integer.parseInt(v));
                } catch (NumberFormatException e) {
                    throw PlatformException.notFound("flow version not found: versions are 1, 2, ... up to " + latest.version());
                }
            }
            show(ctx, 200, p, viewer, latest, shown, shown.source(), List.of(), null, Map.of());
        });
        pages.post("/projects/{project}/flows/{name}/runs", (ctx, viewer) -> start(ctx, p, viewer));
    }

    private static UUID project(Platform p, Viewer viewer) {
        return p.projects().requireUsable(viewer.caller(), viewer.project());
    }

    private static void list(Context ctx, int status, Platform p, Viewer viewer, String source, List<FlowDefinitionException.Problem> problems,
                             String error) {
        Pages.render(ctx, status, viewer, "flow/list.jte", "flows", p.flows().list(viewer.caller(), project(p, viewer)),
                "source", source, "problems", problems, "error", error);
    }

    /** Applies the editor's document; a refused one comes back in the editor it was written in, problems first. */
    private static void apply(Context ctx, Platform p, Viewer viewer) {
        String source = ctx.formParam("source");
        String from = ctx.formParam("flow");
        try {
            if (source == null || source.isBlank()) {
                throw PlatformException.invalidField("source", "write the flow's YAML document: at least its name and steps");
            }
            AppliedFlow applied = p.flows().apply(viewer.caller(), project(p, viewer), source);
            Pages.redirect(ctx, flowPath(viewer, applied.flow().name()) + "?applied=" + (applied.created() ? "new" : "same"));
        } catch (PlatformException e) {
            List<FlowDefinitionException.Problem> problems = e instanceof FlowDefinitionException f ? f.problems() : List.of();
            String error = problems.isEmpty() ? e.getMessage() : null;
            int status = ErrorMapping.status(e.reason());
            if (from == null || from.isBlank()) {
                list(ctx, status, p, viewer, source == null ? "" : source, problems, error);
                return;
            }
            StoredFlow latest = p.flows().latest(viewer.caller(), project(p, viewer), from);
            show(ctx, status, p, viewer, latest, latest, source == null ? "" : source, problems, error, Map.of());
        }
    }

    private static void start(Context ctx, Platform p, Viewer viewer) {
        StoredFlow latest = p.flows().latest(viewer.caller(), project(p, viewer), ctx.pathParam("name"));
        Map<String, List<String>> form = ctx.formParamMap();
        try {
            Map<String, Object> inputs = RunForm.inputs(latest.definition().inputs(), form);
            // the engine records a refused start as a failed run; the form says what to fix instead
            InputSpec.bind(latest.definition().inputs(), inputs);
            Run run = p.runs().start(viewer.caller(), latest.projectId(), latest.name(), inputs);
            Pages.redirect(ctx, "/projects/" + Pages.segment(viewer.project()) + "/runs/" + run.id());
        } catch (PlatformException e) {
            if (e.reason() != PlatformException.Reason.INVALID && e.reason() != PlatformException.Reason.CONFLICT) {
                throw e;
            }
            show(ctx, ErrorMapping.status(e.reason()), p, viewer, latest, latest, latest.source(), List.of(),
                    null, Map.of("run-error", e.getMessage(), "kept", RunForm.kept(latest.definition().inputs(), form)));
        }
    }

    @SuppressWarnings("unchecked")
    private static void show(Context ctx, int status, Platform p, Viewer viewer, StoredFlow latest, StoredFlow shown, String source,
                             List<FlowDefinitionException.Problem> problems, String error, Map<String, Object> runState) {
        Map<String, String> kept = (Map<String, String>) runState.getOrDefault("kept", Map.of());
        boolean needsEntries = latest.definition().inputs().stream().anyMatch(i -> i.domain() != null);
        List<CredentialEntry> entries = needsEntries ? p.credentials().list(viewer.caller(), viewer.project(), null, null) : List.of();
        Pages.render(ctx, status, viewer, "flow/flow.jte",
                "latest", latest, "shown", shown, "source", source, "problems", problems, "error", error,
                "applied", ctx.queryParam("applied"),
                "versions", p.flows().versions(viewer.caller(), latest.projectId(), latest.name()),
                "fields", RunForm.fields(latest.definition().inputs(), entries, kept),
                "runError", (String) runState.get("run-error"));
    }

    private static String flowPath(Viewer viewer, String name) {
        return "/projects/" + Pages.segment(viewer.project()) + "/flows/" + Pages.segment(name);
    }
}
