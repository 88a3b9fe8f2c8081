package org.flowvault.platform.execution;

import java.util.LinkedHashMap;
import java.util.Map;
import org.flowvault.platform.flow.Bindings;
import org.flowvault.platform.flow.ExpressionException;
import org.flowvault.platform.flow.Flow;
import org.flowvault.platform.flow.FlowDefinition;
import org.flowvault.platform.flow.Step;
import org.flowvault.platform.flow.FlowTemplate;

/**
 * Runs a YAML flow: each step in order (skipped when its {@code if:} is false), its inputs
 * evaluated against the run's inputs and the earlier steps' outputs, then the flow's outputs. Step
 * keys are {@code step:ID}, so a resumed run replays the steps it already completed.
 */
final class DefinedFlowRunner {
    private DefinedFlowRunner() {
    }

    static Flow.Result run(FlowDefinition flow, Execution ex) {
        Map<String, Object> steps = new LinkedHashMap<>();
        Bindings bindings = new Bindings(ex.inputs(), steps);
        for (Step step : flow.steps()) {
            ex.checkCancelled();
            String key = "step:" + step.id();
            String label = "step '" + step.id() + "'";
            if (step.condition() != null && !evaluate(label + " condition 'if'", () -> step.condition().test(bindings))) {
                steps.put(step.id(), Map.of("status", "skipped", "outputs", Map.of()));
                continue;
            }
            Map<String, Object> outputs = switch (step) {
                case Step.TaskStep t -> {
                    Map<String, Object> in = new LinkedHashMap<>();
                    t.inputs().forEach((name, value) ->
                            in.put(name, evaluate(label + " input '" + name + "'", () -> FlowTemplate.evaluateTree(value, bindings))));
                    yield ex.runTask(key, label, t.task(), t.connection(), in);
                }
                case Step.MessageStep m -> ex.ask(key, label, m.form());
                case Step.WriteSecretStep w -> {
                    Object path = evaluate(label + " path", () -> w.path().evaluate(bindings));
                    if (!(path instanceof String p) || p.isBlank()) {
                        throw new Execution.StepFailure(label + ": the secret's path evaluated to nothing: check the 'path' expression");
                    }
                    @SuppressWarnings("unchecked")
                    Map<String, Object> data = (Map<String, Object>) evaluate(label + " data", () -> FlowTemplate.evaluateTree(w.data(), bindings));
                    ex.writeSecret(key, label, w.vaultConfig(), p, data);
                    yield Map.of();
                }
            };
            steps.put(step.id(), Map.of("status", "succeeded", "outputs", outputs));
        }
        Map<String, Object> outputs = new LinkedHashMap<>();
        flow.outputs().forEach((name, value) ->
                outputs.put(name, evaluate("output '" + name + "'", () -> FlowTemplate.evaluateTree(value, bindings))));
        return Flow.Result.success("completed " + flow.steps().size() + " step" + (flow.steps().size() == 1 ? "" : "s"), outputs);
    }

    private static <T> T evaluate(String where, java.util.function.Supplier<T> body) {
        try {
            return body.get();
        } catch (ExpressionException e) {
            throw new Execution.StepFailure(where + ": " + e.getMessage());
        }
    }
}
