package org.flowvault.platform.audit;

import java.util.UUID;

/**
 * The ambient "who" that a service method cannot see in its arguments: the run a worker thread
 * executes (and its flow), or the API key of the request a server thread answers. Set by the
 * run engine and the HTTP layer around their work; read when a record is stamped.
 */
public final class AuditContext {
    private static final ThreadLocal<Scope> CURRENT = new ThreadLocal<>();

    /** What is known about the current thread's work. */
    record Scope(UUID runId, UUID flowId, UUID projectId, UUID userId, String username, UUID apiKeyId) {
    }

    private AuditContext() {
    }

    /**
     * Marks the current thread as executing {@code runId} (of {@code flowId}, null for a code flow,
     * in {@code projectId}, as user {@code userId}) until the returned handle is closed.
     */
    public static Handle run(UUID runId, UUID flowId, UUID projectId, UUID userId, String username) {
        return enter(new Scope(runId, flowId, projectId, userId, username, null));
    }

    /** Marks the current thread as answering a request authenticated by API key {@code apiKeyId}. */
    public static Handle apiKey(UUID apiKeyId) {
        return enter(new Scope(null, null, null, null, null, apiKeyId));
    }

    static Scope current() {
        return CURRENT.get();
    }

    private static Handle enter(Scope scope) {
        Scope before = CURRENT.get();
        CURRENT.set(scope);
        return () -> {
            if (before == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(before);
            }
        };
    }

    /** Restores the previous context; never throws. */
    @FunctionalInterface
    public interface Handle extends AutoCloseable {
        @Override
        void close();
    }
}
