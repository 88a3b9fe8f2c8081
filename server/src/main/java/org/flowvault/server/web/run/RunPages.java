package org.flowvault.server.web.run;

import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.flowvault.platform.Platform;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.execution.Run;
import org.flowvault.platform.execution.RunCursor;
import org.flowvault.platform.execution.RunStatus;
import org.flowvault.platform.flow.FlowStore;
import org.flowvault.server.flow.RunViews;
import org.flowvault.server.web.Pages;
import org.flowvault.server.web.Viewer;

/**
 * The run pages: the project's runs (filtered by status and flow, paged newest first) and one
 * run, which follows the run live through {@code /api/v1/runs/{id}/events} (static/run.js): step
 * states, logs and outputs masked, reveal for the user it ran as, cancel, and a waiting run's form.
 */
public final class RunPages {
    /** Runs per page. */
    static final int PAGE = 50;

    private RunPages() {
    }

    public static void register(Pages pages) {
        Platform p = pages.platform();
        pages.get("/projects/{project}/runs", (ctx, viewer) -> {
            UUID project = project(p, viewer);
            RunStatus status = status(ctx.queryParam("status"));
            String flow = blankToNull(ctx.queryParam("flow"));
            String before = blankToNull(ctx.queryParam("before"));
            RunCursor cursor = before == null ? null : RunCursor.parse(before).orElseThrow(() -> PlatformException.invalidField("before",
                    "this page link is damaged: go back to the newest runs"));
            List<Run> runs = p.runs().list(viewer.caller(), project, status, flow, cursor, PAGE + 1);
            String next = runs.size() > PAGE ? RunCursor.after(runs.get(PAGE - 1)).toString() : null;
            List<String> flows = p.flows().list(viewer.caller(), project).stream().map(FlowStore.FlowSummary::name).toList();
            Pages.render(ctx, viewer, "run/list.jte", "runs", runs.size() > PAGE ? runs.subList(0, PAGE) : runs,
                    "status", status == null ? "" : status.label(), "flow", flow == null ? "" : flow, "flows", flows,
                    "next", next, "paged", cursor != null);
        });
        pages.get("/projects/{project}/runs/{id}", (ctx, viewer) -> {
            UUID project = project(p, viewer);
            UUID id;
            try {
                id = UUID.fromString(ctx.pathParam("id"));
            } catch (IllegalArgumentException e) {
                throw PlatformException.notFound("run not found: a run id looks like 3f1c...-... (a UUID)");
            }
            Run run = p.runs().get(viewer.caller(), id);
            if (!run.projectId().equals(project)) {
                throw PlatformException.notFound("run " + id + " not found in project " + viewer.project());
            }
            Pages.render(ctx, viewer, "run/run.jte", "run", run, "steps", RunViews.steps(p, viewer.caller(), run),
                    "mayReveal", run.runAs().equals(viewer.caller().userId()));
        });
    }

    private static UUID project(Platform p, Viewer viewer) {
        return p.projects().requireUsable(viewer.caller(), viewer.project());
    }

    private static RunStatus status(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return RunStatus.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw PlatformException.invalidField("status", "choose a status from the list: queued, running, waiting_for_input, "
                    + "succeeded, failed or cancelled");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
