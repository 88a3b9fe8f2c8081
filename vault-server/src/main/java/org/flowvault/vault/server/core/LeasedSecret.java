package org.flowvault.vault.server.core;

import java.time.Duration;
import java.util.Map;

/**
 * A secret a backend issued under a lease: what the backend needs to revoke or renew it later
 * ({@code internal}, kept encrypted in storage, never returned to clients), its first TTL and the
 * longest it may live.
 */
public record LeasedSecret(Map<String, Object> internal, Duration ttl, Duration maxTtl, boolean renewable) {
    public LeasedSecret {
        internal = Map.copyOf(internal);
    }
}
