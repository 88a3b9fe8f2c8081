package org.flowvault.platform.execution;

import java.util.UUID;

/**
 * The engine's seam to the leases of a run's dynamic secrets (database credentials issued for one
 * run): told when a run ends or is recovered after its node died, so that the run's leases are
 * revoked, and asked before each step whether a lease was lost. The platform adapts
 * {@code lease.DynamicSecrets} to it.
 */
public interface RunLeases {

    /**
     * Throws when a lease of the run was revoked or expired (its renewal failed): the step that
     * would use its credentials fails with this message instead.
     *
     * @throws org.flowvault.platform.error.PlatformException naming the lease, never a credential
     */
    void check(UUID runId);

    /** Revokes every lease of the run; called before the run is marked ended. Never throws. */
    void revokeAll(UUID runId);

    /** Leases for nobody: runs without dynamic secrets. */
    RunLeases NONE = new RunLeases() {
        @Override
        public void check(UUID runId) {
        }

        @Override
        public void revokeAll(UUID runId) {
        }
    };
}
