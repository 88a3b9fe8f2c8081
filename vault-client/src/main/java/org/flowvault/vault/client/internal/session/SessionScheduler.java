package org.flowvault.vault.client.internal.session;

import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a session's renewal task once after a delay. The default runs each task on its own virtual
 * thread, triggered by one shared daemon timer thread, so many sessions cost no platform threads;
 * {@link #of(ScheduledExecutorService)} adapts an executor the application owns; tests pass one
 * that runs tasks when they move a manual clock.
 */
@FunctionalInterface
public interface SessionScheduler {

    /**
     * Runs {@code task} once after {@code delay} (zero: as soon as possible).
     *
     * @return a handle whose {@code cancel(false)} prevents a task that has not started
     */
    Future<?> schedule(Runnable task, Duration delay);

    /** Tasks run on {@code executor}; the session never shuts it down. */
    static SessionScheduler of(ScheduledExecutorService executor) {
        return (task, delay) -> executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The shared default: one daemon timer thread that starts each task on a virtual thread. */
    static SessionScheduler shared() {
        return DefaultTimer.SCHEDULER;
    }
}
