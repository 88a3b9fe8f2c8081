package org.flowvault.vault.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and how patiently the client retries. Only requests that are safe to repeat are
 * retried after they reached the server — GET, LIST, HEAD and DELETE — on a lost connection, a
 * timeout, 412, 429 and 5xx (never on a sealed Vault); any request is retried when the connection
 * could not be opened, because then nothing was sent. Waits grow exponentially from
 * {@code baseDelay} to {@code maxDelay} with jitter.
 *
 * @param maxAttempts attempts in all, at least 1 (1 disables retries)
 * @param baseDelay   the wait before the second attempt, before jitter
 * @param maxDelay    the longest wait between two attempts
 *
 * <p>Immutable and thread-safe.
 *
 * <p>Nulls: arguments are required unless a parameter says null is allowed; results are never
 * null unless documented ("or null").
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {
    private static final RetryPolicy DEFAULTS = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofMillis(1500));
    private static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);

    public RetryPolicy {
        Objects.requireNonNull(baseDelay, "baseDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1 (1 means no retries), got " + maxAttempts);
        }
        if (baseDelay.isNegative() || maxDelay.isNegative()) {
            throw new IllegalArgumentException("retry delays must not be negative");
        }
        if (maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("maxDelay " + maxDelay + " is shorter than baseDelay " + baseDelay);
        }
    }

    /** Three attempts, waiting about 100 ms then 200 ms (at most 1.5 s): close to Vault's own CLI. */
    public static RetryPolicy defaults() {
        return DEFAULTS;
    }

    /** One attempt: every failure surfaces at once. */
    public static RetryPolicy none() {
        return NONE;
    }

    /**
     * The wait after failed attempt {@code attempt} (1-based): {@code baseDelay * 2^(attempt-1)},
     * capped at {@code maxDelay}, of which a random half is dropped so that clients do not retry
     * in lockstep.
     */
    public Duration delayAfter(int attempt) {
        double random = java.util.concurrent.ThreadLocalRandom.current().nextDouble();
        long base = baseDelay.toNanos();
        long exp = attempt >= 62 ? Long.MAX_VALUE : base << Math.min(attempt - 1, 30);
        long capped = Math.min(exp < 0 ? Long.MAX_VALUE : exp, maxDelay.toNanos());
        long half = capped / 2;
        return Duration.ofNanos(half + (long) (random * half));
    }
}
