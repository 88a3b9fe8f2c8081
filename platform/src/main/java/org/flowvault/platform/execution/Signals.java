package org.flowvault.platform.execution;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * In-process wake-ups: the dispatcher sleeps until a run is queued (or its poll interval passes),
 * and callers of {@code await} sleep until the run they wait for changes. Nobody spins.
 */
final class Signals {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private boolean pending;
    private final Map<UUID, CompletableFuture<Void>> changes = new ConcurrentHashMap<>();

    /** Wakes the dispatcher (a run was queued or a worker slot freed). */
    void workAvailable() {
        lock.lock();
        try {
            pending = true;
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Sleeps until {@link #workAvailable()} or {@code max} passed. */
    void awaitWork(Duration max) throws InterruptedException {
        lock.lock();
        try {
            long nanos = max.toNanos();
            while (!pending && nanos > 0) {
                nanos = work.awaitNanos(nanos);
            }
            pending = false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A future completed at the next change of run {@code id}; take it <em>before</em> reading the
     * run, so that a change between the read and the wait is not missed.
     */
    CompletableFuture<Void> nextChange(UUID id) {
        return changes.computeIfAbsent(id, k -> new CompletableFuture<>());
    }

    /** Tells those waiting for run {@code id}. */
    void changed(UUID id) {
        CompletableFuture<Void> f = changes.remove(id);
        if (f != null) {
            f.complete(null);
        }
    }

    /** Drops the waiters' future of a run that will not change any more (it is final). */
    void forget(UUID id) {
        changes.remove(id);
    }

    /** Waits for {@code change} at most {@code max}; true when it happened. */
    static boolean await(CompletableFuture<Void> change, Duration max) throws InterruptedException {
        try {
            change.get(Math.max(1, max.toMillis()), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }
}
