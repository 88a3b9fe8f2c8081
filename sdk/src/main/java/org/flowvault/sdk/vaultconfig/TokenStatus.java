package org.flowvault.sdk.vaultconfig;

import java.time.Instant;
import java.util.List;

/**
 * The state of a user's Vault token for a configuration (never the token).
 *
 * @param state e.g. {@code valid}, {@code expiring}, {@code expired}, {@code revoked}
 */
public record TokenStatus(String configuration, String username, String state, Instant expiresAt, Instant hardExpiresAt,
                          Boolean renewable, List<String> policies, Instant registeredAt, Instant lastRenewalAt, String lastError,
                          String warning, Instant nextAttemptAt) {
    public TokenStatus {
        policies = List.copyOf(policies);
    }
}
