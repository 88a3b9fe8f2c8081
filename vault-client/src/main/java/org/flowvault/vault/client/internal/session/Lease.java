package org.flowvault.vault.client.internal.session;

import java.time.Duration;
import java.time.Instant;
import org.flowvault.vault.client.VaultToken;

/**
 * The session's current token and what it knows of its lease. Immutable: each renewal or login
 * makes a new one, so readers without the lock see a consistent lease.
 *
 * @param ttl        the TTL Vault last granted
 * @param fullTtl    the longest TTL Vault has granted this token (at login or renewal); a renewal
 *                   that grants less has hit the token's max TTL
 * @param extendable whether renewing can still lengthen the token's life (false once it is not
 *                   renewable, has been capped, or Vault refused a renewal)
 * @param expiresAt  when the token expires on the session's clock; null for a token without TTL
 */
record Lease(VaultToken token, Duration ttl, Duration fullTtl, boolean extendable, boolean createdByClient, Instant expiresAt) {

    static Lease issued(VaultToken token, Duration ttl, boolean renewable, boolean createdByClient, Instant now) {
        boolean forever = ttl.isZero();
        return new Lease(token, ttl, ttl, renewable && !forever, createdByClient, forever ? null : now.plus(ttl));
    }

    Lease renewed(Duration newTtl, boolean stillExtendable, Instant now) {
        Duration longest = newTtl.compareTo(fullTtl) > 0 ? newTtl : fullTtl;
        return new Lease(token, newTtl, longest, stillExtendable, createdByClient, now.plus(newTtl));
    }

    Lease notExtendable() {
        return new Lease(token, ttl, fullTtl, false, createdByClient, expiresAt);
    }

    boolean expired(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }
}
