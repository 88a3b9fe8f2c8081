package org.flowvault.platform.execution;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.flowvault.platform.flow.Form;

/**
 * A run as the API shows it. Nothing in it is secret: sensitive inputs read {@code "****"},
 * outputs, message and error have been masked with every secret the run resolved.
 *
 * @param id               the run's id
 * @param projectId        its project
 * @param flowName         the flow it runs
 * @param flowVersion      the stored flow's version, or null for a code flow
 * @param runAs            the user it runs as (whose tokens and projects it uses)
 * @param runAsName        that user's name
 * @param status           where it is
 * @param inputs           the inputs, sensitive ones shown as {@code "****"}
 * @param outputs          the outputs (masked), empty until it ends
 * @param sensitiveOutputs names of outputs that carry a secret (shown masked; see {@link RunEngine#revealOutputs})
 * @param message          the flow's success or failure message (masked), or null
 * @param error            why it failed or was cancelled (masked), or null
 * @param form             what it asks for while WAITING_FOR_INPUT, else null
 * @param currentStep      the step it is on or stopped at, or null
 * @param attempt          how many times a node has claimed it
 * @param maxAttempts      1 + the flow's {@code retry}
 * @param claimedBy        the node holding it while RUNNING, else null
 * @param createdAt        when it was started
 * @param startedAt        when a node first claimed it, or null
 * @param finishedAt       when it ended, or null
 */
public record Run(UUID id, UUID projectId, String flowName, Integer flowVersion, UUID runAs, String runAsName,
                  RunStatus status, Map<String, Object> inputs, Map<String, Object> outputs, Set<String> sensitiveOutputs,
                  String message, String error, Form form, String currentStep, int attempt, int maxAttempts,
                  String claimedBy, Instant createdAt, Instant startedAt, Instant finishedAt) {
}
