package org.flowvault.platform.execution;

/**
 * Unwinds a flow handler's stack when the run must stop where it is: it paused for a person's
 * input, it was cancelled, or this node lost the run's lease. An {@link Error} so that handlers
 * catching {@code Exception} do not swallow it; no stack trace (it is control flow).
 */
final class Unwind extends Error {
    enum Kind { SUSPENDED, CANCELLED, LEASE_LOST }

    private final Kind kind;

    Unwind(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    Kind kind() {
        return kind;
    }
}
