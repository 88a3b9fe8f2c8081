package org.flowvault.platform.lease;

import java.time.Instant;
import java.util.UUID;
import org.flowvault.platform.identity.Caller;

/** One row of {@code run_leases}: whose run, which configuration and path, until when. */
record LeaseRow(String leaseId, UUID runId, UUID projectId, String configName, String path, Caller runAs,
                Instant issuedAt, Instant expiresAt) {
}
