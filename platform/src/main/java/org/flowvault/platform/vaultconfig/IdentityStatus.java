package org.flowvault.platform.vaultconfig;

import java.time.Instant;

/**
 * How a configuration's machine or shared identity is doing, as every node recorded it: the last
 * login, renewal and error, and for a shared token what the renewal job knows of it. Holds no token.
 *
 * @param lastLoginAt    last successful login (or re-login) of a method that logs in; null if none yet
 * @param lastRenewalAt  last successful renewal of its token; null if none yet
 * @param lastErrorAt    when the last failure happened; null if none since the last success
 * @param lastError      that failure, as a sentence naming the configuration and the problem
 * @param tokenState     SHARED_TOKEN only: UNCHECKED, ACTIVE, NO_EXPIRY, CAPPED, NOT_RENEWABLE, REVOKED or EXPIRED; else null
 * @param tokenExpiresAt SHARED_TOKEN only: when the token expires as last seen; null if never or unknown
 * @param hardExpiresAt  SHARED_TOKEN only: when the token expires for good (capped at its max TTL)
 * @param warning        what an admin must do before a deadline (e.g. replace a capped token); null if nothing
 */
public record IdentityStatus(Instant lastLoginAt, Instant lastRenewalAt, Instant lastErrorAt, String lastError, String tokenState,
                             Instant tokenExpiresAt, Instant hardExpiresAt, String warning) {

    /** Nothing recorded yet. */
    public static IdentityStatus none() {
        return new IdentityStatus(null, null, null, null, null, null, null, null);
    }
}
