package org.flowvault.sdk.audit;

import java.time.Instant;
import java.util.List;

/**
 * Which connections and flows of a project reference a Vault secret or a credential entry.
 *
 * @param target      what was asked about
 * @param connections the connections referencing it
 * @param flows       the flows referencing it
 * @param lastUsed    the last audited use of it in the project, or null
 */
public record UsedBy(String target, List<User> connections, List<User> flows, Instant lastUsed) {
    public UsedBy {
        connections = List.copyOf(connections);
        flows = List.copyOf(flows);
    }

    /** A connection or flow, and when the audit trail last saw it use a secret (or null). */
    public record User(String name, Instant lastUsed) {
    }
}
