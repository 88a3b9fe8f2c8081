package org.flowvault.server.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flowvault.platform.Platform;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.execution.Run;
import org.flowvault.platform.execution.RunStatus;
import org.flowvault.platform.flow.Step;
import org.flowvault.platform.identity.Caller;

/**
 * What the run API and the run page show of a run: its JSON view (masked by the engine already)
 * and where each step of its flow stands.
 */
public final class RunViews {
    private static final String STEP_KEY = "step:";

    /**
     * One step of the run's flow and where it stands.
     *
     * @param id    the step's id
     * @param state done, queued, running, waiting for input, failed, cancelled, pending or not run
     */
    public record StepState(String id, String state) {
    }

    private RunViews() {
    }

    /** The run as the API answers it. */
    public static Map<String, Object> json(Run run) {
        return FlowRoutes.run(run);
    }

    /**
     * The steps of the run's flow version, in order: those before its current step are done (or
     * were skipped), the current one has the run's state, the rest are pending. Empty for a code
     * flow, or when the flow is gone.
     */
    public static List<StepState> steps(Platform p, Caller caller, Run run) {
        if (run.flowVersion() == null) {
            return List.of();
        }
        List<Step> steps;
        try {
            steps = p.flows().version(caller, run.projectId(), run.flowName(), run.flowVersion()).definition().steps();
        } catch (PlatformException e) {
            return List.of();
        }
        String current = run.currentStep() != null && run.currentStep().startsWith(STEP_KEY)
                ? run.currentStep().substring(STEP_KEY.length()) : null;
        int at = -1;
        for (int i = 0; i < steps.size() && current != null; i++) {
            if (steps.get(i).id().equals(current)) {
                at = i;
            }
        }
        List<StepState> out = new ArrayList<>(steps.size());
        for (int i = 0; i < steps.size(); i++) {
            String state;
            if (run.status() == RunStatus.SUCCEEDED || i < at) {
                state = "done";
            } else if (i == at) {
                state = run.status().label().replace('_', ' ');
            } else {
                state = run.status().isFinal() ? "not run" : "pending";
            }
            out.add(new StepState(steps.get(i).id(), state));
        }
        return out;
    }

    /** {@link #steps} as JSON. */
    public static List<Map<String, Object>> stepsJson(Platform p, Caller caller, Run run) {
        return steps(p, caller, run).stream().map(s -> Map.<String, Object>of("id", s.id(), "state", s.state())).toList();
    }
}
