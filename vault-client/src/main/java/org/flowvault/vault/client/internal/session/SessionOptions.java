package org.flowvault.vault.client.internal.session;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

/**
 * How a {@link Session} renews: when (a fraction of the TTL, minus jitter, never sooner than a
 * floor), on which clock and scheduler, and who hears about it. Immutable; built by
 * {@link #builder()}, whose {@code build()} checks the values.
 *
 * <pre>{@code
 * SessionOptions options = SessionOptions.builder()
 *         .renewalFraction(0.5)
 *         .listener(event -> log.info("vault session: {}", event))
 *         .build();
 * }</pre>
 */
public final class SessionOptions {
    private static final SessionOptions DEFAULTS = builder().build();

    private final double renewalFraction;
    private final double jitter;
    private final Duration minRefresh;
    private final Duration maxRetryDelay;
    private final Clock clock;
    private final SessionScheduler scheduler;
    private final List<SessionListener> listeners;

    private SessionOptions(Builder b) {
        this.renewalFraction = b.renewalFraction;
        this.jitter = b.jitter;
        this.minRefresh = b.minRefresh;
        this.maxRetryDelay = b.maxRetryDelay;
        this.clock = b.clock;
        this.scheduler = b.scheduler != null ? b.scheduler : SessionScheduler.shared();
        this.listeners = List.copyOf(b.listeners);
    }

    /** Renewal at 2/3 of the TTL, 10% jitter, 1 s floor, system clock, shared scheduler, no listeners. */
    public static SessionOptions defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The fraction of the token's TTL after which the session renews it. */
    public double renewalFraction() {
        return renewalFraction;
    }

    /** The largest share by which a renewal is brought forward at random, so clients do not renew in step. */
    public double jitter() {
        return jitter;
    }

    /** The shortest wait before a renewal, so that tiny TTLs do not become a busy loop. */
    public Duration minRefresh() {
        return minRefresh;
    }

    /** The longest wait between retries after failures (they back off exponentially from {@link #minRefresh()}). */
    public Duration maxRetryDelay() {
        return maxRetryDelay;
    }

    /** The clock that dates leases and events. */
    public Clock clock() {
        return clock;
    }

    /** Where renewals run. */
    public SessionScheduler scheduler() {
        return scheduler;
    }

    /** The listeners, in the order they hear events; unmodifiable. */
    public List<SessionListener> listeners() {
        return listeners;
    }

    @Override
    public String toString() {
        return "SessionOptions[renewalFraction=" + renewalFraction + ", jitter=" + jitter + ", minRefresh=" + minRefresh
                + ", maxRetryDelay=" + maxRetryDelay + ", listeners=" + listeners.size() + "]";
    }

    /** Collects the options; {@link #build()} checks them. Not thread-safe. */
    public static final class Builder {
        private double renewalFraction = 2.0 / 3.0;
        private double jitter = 0.1;
        private Duration minRefresh = Duration.ofSeconds(1);
        private Duration maxRetryDelay = Duration.ofMinutes(5);
        private Clock clock = Clock.systemUTC();
        private SessionScheduler scheduler;
        private final List<SessionListener> listeners = new ArrayList<>();

        private Builder() {
        }

        /** Renew after this fraction of the TTL has passed; above 0 and below 1, 2/3 by default (as Vault's own agent). */
        public Builder renewalFraction(double fraction) {
            this.renewalFraction = fraction;
            return this;
        }

        /** Bring each renewal forward by a random share of up to this much; 0 to 0.5, 0.1 by default. */
        public Builder jitter(double jitter) {
            this.jitter = jitter;
            return this;
        }

        /** Never renew sooner than this after the previous renewal; 1 second by default; zero allowed. */
        public Builder minRefresh(Duration minRefresh) {
            this.minRefresh = minRefresh;
            return this;
        }

        /** Cap of the exponential backoff between failed attempts; 5 minutes by default. */
        public Builder maxRetryDelay(Duration maxRetryDelay) {
            this.maxRetryDelay = maxRetryDelay;
            return this;
        }

        /** The clock that dates leases and events; tests pass a manual one. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Where renewals run; {@link SessionScheduler#shared()} by default. */
        public Builder scheduler(SessionScheduler scheduler) {
            this.scheduler = scheduler;
            return this;
        }

        /** Renewals run on {@code executor}, which the application owns and shuts down. */
        public Builder executor(ScheduledExecutorService executor) {
            if (executor == null) {
                throw new IllegalArgumentException("executor must not be null: pass a ScheduledExecutorService, or leave the shared default");
            }
            this.scheduler = SessionScheduler.of(executor);
            return this;
        }

        /** Adds a listener; listeners hear events in the order they were added. */
        public Builder listener(SessionListener listener) {
            if (listener == null) {
                throw new IllegalArgumentException("listener must not be null");
            }
            listeners.add(listener);
            return this;
        }

        /** @throws IllegalArgumentException naming the bad value */
        public SessionOptions build() {
            if (!(renewalFraction > 0 && renewalFraction < 1)) {
                throw new IllegalArgumentException("renewalFraction must be above 0 and below 1 (2/3 renews after two thirds of the TTL), got "
                        + renewalFraction);
            }
            if (!(jitter >= 0 && jitter <= 0.5)) {
                throw new IllegalArgumentException("jitter must be between 0 and 0.5 (a share of the renewal delay), got " + jitter);
            }
            if (minRefresh == null || minRefresh.isNegative()) {
                throw new IllegalArgumentException("minRefresh must be zero or positive, got " + minRefresh);
            }
            if (maxRetryDelay == null || maxRetryDelay.isNegative() || maxRetryDelay.isZero()) {
                throw new IllegalArgumentException("maxRetryDelay must be positive, got " + maxRetryDelay);
            }
            if (clock == null) {
                throw new IllegalArgumentException("clock must not be null: leave the default system clock or pass one");
            }
            return new SessionOptions(this);
        }
    }
}
