package org.flowvault.vault.client.internal.session;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a session acts, from its options: renewal after a fraction of the TTL (Vault's lifetime
 * watcher renews at about two thirds), brought forward by random jitter so that many clients do
 * not renew in step, never sooner than the floor; retries after failures back off exponentially
 * but stay inside the token's remaining life. Stateless apart from the options.
 */
final class Timing {
    /** The smallest retry delay, so that minRefresh(ZERO) never turns failures into a busy loop. */
    private static final Duration MIN_RETRY = Duration.ofMillis(250);

    private final SessionOptions options;

    Timing(SessionOptions options) {
        this.options = options;
    }

    /** The wait before renewing a token Vault just granted {@code ttl}. */
    Duration renewal(Duration ttl) {
        Duration delay = jittered(Duration.ofMillis((long) (ttl.toMillis() * options.renewalFraction())));
        if (delay.compareTo(options.minRefresh()) < 0 && options.minRefresh().compareTo(ttl) < 0) {
            delay = options.minRefresh();
        }
        return delay;
    }

    /**
     * The wait before the next attempt after {@code failures} failures in a row (at least 1).
     *
     * @param left the current token's remaining life, or null when it has none left or never expires
     */
    Duration retry(int failures, Duration left) {
        Duration base = options.minRefresh().compareTo(MIN_RETRY) < 0 ? MIN_RETRY : options.minRefresh();
        Duration delay = base.multipliedBy(1L << Math.min(Math.max(failures, 1) - 1, 20));
        if (delay.compareTo(options.maxRetryDelay()) > 0) {
            delay = options.maxRetryDelay();
        }
        if (left != null) {
            // Try again while the token is still valid rather than after it has expired.
            Duration half = left.dividedBy(2);
            if (half.compareTo(delay) < 0) {
                delay = half.compareTo(MIN_RETRY) < 0 ? MIN_RETRY : half;
            }
        }
        return jittered(delay);
    }

    /** Brings a delay forward by a random share of up to {@link SessionOptions#jitter()}. */
    private Duration jittered(Duration delay) {
        double share = options.jitter() * ThreadLocalRandom.current().nextDouble();
        return Duration.ofMillis((long) (delay.toMillis() * (1 - share)));
    }
}
