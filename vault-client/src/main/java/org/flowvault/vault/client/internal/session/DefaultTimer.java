package org.flowvault.vault.client.internal.session;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The shared default scheduler, created when first used (holder idiom). */
final class DefaultTimer {
    private static final ScheduledExecutorService TIMER;

    static {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "flowvault-vault-session-timer");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        TIMER = timer;
    }

    static final SessionScheduler SCHEDULER = (task, delay) -> TIMER.schedule(
            () -> Thread.ofVirtual().name("flowvault-vault-session").start(task), delay.toNanos(), TimeUnit.NANOSECONDS);

    private DefaultTimer() {
    }
}
