package org.flowvault.platform.usertoken;

import java.time.Instant;
import java.util.List;

/**
 * What the platform knows about a user's registered token — never the token itself. Visible to the
 * token's owner and to admins only.
 *
 * @param configuration  the vault configuration's name
 * @param username       whose token it is
 * @param state          renewal state
 * @param expiresAt      when it expires (null: never)
 * @param hardExpiresAt  when it expires for good (max TTL reached), when known; null otherwise
 * @param renewable      whether Vault said it can be renewed
 * @param policies       its Vault policies
 * @param registeredAt   when the user registered it
 * @param lastRenewalAt  the last successful renewal, or null
 * @param lastError      what went wrong at the last renewal attempt, or null
 * @param warning        what the user should do soon (e.g. re-authenticate before the hard expiry), or null
 * @param nextAttemptAt  when a failed renewal is retried, or null
 */
public record TokenStatus(String configuration, String username, TokenState state, Instant expiresAt, Instant hardExpiresAt,
                          boolean renewable, List<String> policies, Instant registeredAt, Instant lastRenewalAt,
                          String lastError, String warning, Instant nextAttemptAt) {
    public TokenStatus {
        policies = List.copyOf(policies);
    }
}
