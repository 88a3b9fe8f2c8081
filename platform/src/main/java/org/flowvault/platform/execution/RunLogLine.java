package org.flowvault.platform.execution;

import java.time.Instant;

/**
 * One line of a run's log, masked before it was written.
 *
 * @param seq  1, 2, ... in the run
 * @param step the step key it belongs to, or null for the engine's own lines
 * @param at   when it was written
 * @param line the text
 */
public record RunLogLine(int seq, String step, Instant at, String line) {
}
