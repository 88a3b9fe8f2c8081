package org.flowvault.platform.flow;

import java.util.Map;
import java.util.Objects;

/**
 * A flow written in Java by an embedding application, registered by name in {@link CodeFlows}.
 * The engine calls {@link #run} on a worker (virtual) thread as the user who started the run.
 *
 * <p><b>Pausing and determinism.</b> {@link FlowContext#message} pauses the run until a person
 * answers; the thread is released meanwhile. When the answer comes (on any node), the engine runs
 * the handler again from the start and <em>replays</em> the recorded results of every context call
 * it already made ({@code connect}, {@code task}, {@code vaultConfig(..).writeSecret},
 * {@code message}) instead of repeating them. The same happens when a run is retried after its node
 * stopped. So a handler must make the same context calls in the same order for the same inputs and
 * results, and do its side effects only through the context: work done outside it (a file write, a
 * random number, the clock) is repeated on replay. A call that does not match the recording fails
 * the run with a message naming the call.
 *
 * <p>Never catch {@link Error}s around context calls: pausing and cancelling unwind the handler
 * with one.
 */
@FunctionalInterface
public interface Flow {

    /**
     * The flow's body.
     *
     * @return {@link FlowContext#success} or {@link FlowContext#failure}; an exception thrown
     *         instead fails the run with its (masked) message
     */
    Result run(FlowContext ctx);

    /**
     * How a run ended.
     *
     * @param succeeded true for success
     * @param message   for people (masked before it is stored)
     * @param outputs   JSON-like outputs (masked before they are shown; secret ones marked sensitive)
     */
    record Result(boolean succeeded, String message, Map<String, Object> outputs) {
        public Result {
            outputs = outputs == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(outputs));
        }

        public static Result success(String message) {
            return new Result(true, message, Map.of());
        }

        public static Result success(String message, Map<String, Object> outputs) {
            return new Result(true, message, Objects.requireNonNull(outputs, "outputs"));
        }

        public static Result failure(String message) {
            return new Result(false, message, Map.of());
        }
    }
}
