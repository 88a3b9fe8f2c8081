package org.flowvault.platform.execution;

import org.flowvault.platform.resolution.SecretPins;

import java.util.Map;
import java.util.UUID;
import org.flowvault.platform.identity.Caller;

/**
 * Turns a connection name into its task's inputs for one run (DESIGN §4): the connection's value,
 * then its attached Vault secrets read with {@code runAs}'s identity, then {@code overrides}.
 * The platform adapts {@code resolution.Resolver} to it.
 */
@FunctionalInterface
public interface ConnectionResolver {

    /**
     * @param connection the connection's name in the project
     * @param projectId  the run's project
     * @param runAs      the user the run acts as: only their token (or the configuration's machine identity) is used
     * @param overrides  the step's inputs, applied last
     * @throws org.flowvault.platform.error.PlatformException NOT_FOUND naming the connection when it does
     *         not exist in the project; other reasons naming configuration, path and key, never a value
     */
    ResolvedInputs resolve(String connection, UUID projectId, Caller runAs, Map<String, Object> overrides);

    /**
     * As {@link #resolve(String, UUID, Caller, Map)}, reading the pinned versions (a rerun with the
     * same secret versions). This default refuses pins it cannot honour rather than read the latest.
     */
    default ResolvedInputs resolve(String connection, UUID projectId, Caller runAs, Map<String, Object> overrides, SecretPins pins) {
        if (!pins.isEmpty()) {
            throw org.flowvault.platform.error.PlatformException.invalid("this deployment cannot read pinned secret versions");
        }
        return resolve(connection, projectId, runAs, overrides);
    }

    /**
     * Resolves for the run {@code runId}: dynamic secrets (leased credentials) attached to the
     * connection are issued for this run alone. The default ignores the run.
     */
    default ResolvedInputs resolveForRun(UUID runId, String connection, UUID projectId, Caller runAs, Map<String, Object> overrides,
                                         SecretPins pins) {
        return resolve(connection, projectId, runAs, overrides, pins);
    }

    /** A resolver for deployments without connections: every name is unknown. */
    static ConnectionResolver none() {
        return (connection, projectId, runAs, overrides) -> {
            throw org.flowvault.platform.error.PlatformException.notFound("connection '" + connection + "' not found: no connections are configured");
        };
    }
}
