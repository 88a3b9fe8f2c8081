package org.flowvault.vault.client.internal.session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

/**
 * A {@link SessionScheduler} driven by a {@link ManualClock}: {@link #advance} moves the clock to
 * each due task in turn and runs it on the calling thread, so a test sees renewals happen at
 * exactly the instants the session chose.
 */
final class ManualScheduler implements SessionScheduler {
    private record Task(Instant due, long order, FutureTask<Void> future) {
    }

    private final ManualClock clock;
    private final List<Task> tasks = new ArrayList<>();
    private long order;

    ManualScheduler(ManualClock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Future<?> schedule(Runnable task, Duration delay) {
        FutureTask<Void> f = new FutureTask<>(task, null);
        tasks.add(new Task(clock.instant().plus(delay), order++, f));
        return f;
    }

    /** Moves time forward by {@code d}, running every task that falls due on the way. */
    void advance(Duration d) {
        Instant target = clock.instant().plus(d);
        while (true) {
            Task next;
            synchronized (this) {
                tasks.removeIf(t -> t.future.isCancelled() || t.future.isDone());
                next = tasks.stream().filter(t -> !t.due.isAfter(target))
                        .min(Comparator.comparing(Task::due).thenComparing(Task::order)).orElse(null);
                if (next == null) {
                    break;
                }
                tasks.remove(next);
            }
            if (next.due.isAfter(clock.instant())) {
                clock.set(next.due);
            }
            next.future.run();
            try {
                next.future.get();
            } catch (ExecutionException e) {
                throw new AssertionError("a scheduled session task failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        clock.set(target);
    }

    /** When the next live task falls due, if any. */
    synchronized Optional<Instant> nextDue() {
        return tasks.stream().filter(t -> !t.future.isCancelled() && !t.future.isDone()).map(Task::due).min(Comparator.naturalOrder());
    }
}
