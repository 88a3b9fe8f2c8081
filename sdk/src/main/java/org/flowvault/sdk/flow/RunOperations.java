package org.flowvault.sdk.flow;

import java.util.List;
import java.util.Map;

/**
 * Runs of a project's flows. A credential input is given as the permissioned user id of the
 * entry to use: {@code runs.start("portal-login", Map.of("USER", "user-123"))}. Thread-safe.
 */
public interface RunOperations {
    /**
     * Starts a run of {@code flow}'s latest version as the caller.
     *
     * @throws org.flowvault.sdk.InvalidRequestException when an input is missing or wrong (e.g. no credential entry for it)
     */
    RunHandle start(String flow, Map<String, ?> inputs);

    /**
     * Runs {@code flow} again with the inputs of its run {@code runId}; with
     * {@code sameSecretVersions}, every Vault secret is read at the version that run recorded (a
     * version deleted or destroyed since fails the run, naming path and version).
     *
     * @throws org.flowvault.sdk.NotFoundException when the run does not exist or is not a run of {@code flow} here
     */
    RunHandle rerun(String flow, String runId, boolean sameSecretVersions);

    /** A handle on the run with id {@code runId} (any project the caller may see). */
    RunHandle handle(String runId);

    /** The project's most recent runs, newest first. */
    List<Run> list();

    /** The project's most recent runs of {@code status} (null: any), at most {@code limit}. */
    List<Run> list(RunStatus status, int limit);
}
