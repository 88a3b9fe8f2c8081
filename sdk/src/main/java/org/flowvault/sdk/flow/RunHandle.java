package org.flowvault.sdk.flow;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.flowvault.sdk.Secret;

/** A run started or looked up by id: follow it, answer its form, cancel it. Thread-safe. */
public interface RunHandle {
    /** The run's id. */
    String id();

    /** The run now. */
    Run get();

    /**
     * Waits until the run is over or waits for a person's input, at most {@code timeout}
     * (server long polls, no busy waiting).
     *
     * @return the run then; if the timeout passed first, the run as it is (queued or running)
     */
    Run await(Duration timeout);

    /** Cancels the run (a running one at its next step boundary); a run that is over is returned unchanged. */
    Run cancel();

    /** Answers the form of a run waiting for input. */
    Run submitInput(Map<String, ?> values);

    /** The run's step log, masked, from the start. */
    List<RunLogLine> logs();

    /**
     * The run's sensitive outputs in clear, for the user who ran it: each value as text (a
     * string as is, anything else as JSON).
     */
    Map<String, Secret> reveal();
}
