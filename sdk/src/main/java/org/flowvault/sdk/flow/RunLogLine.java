package org.flowvault.sdk.flow;

import java.time.Instant;

/** One line of a run's step log, masked by the server. */
public record RunLogLine(int seq, String step, Instant at, String line) {
}
