package org.flowvault.platform.execution;

import java.util.Locale;

/** Where a run is in its life. QUEUED → RUNNING → (WAITING_FOR_INPUT → QUEUED →) SUCCEEDED / FAILED / CANCELLED. */
public enum RunStatus {
    /** Accepted, waiting for a node to claim it. */
    QUEUED,
    /** Held by one node, under a lease. */
    RUNNING,
    /** Paused until a person submits the run's form. */
    WAITING_FOR_INPUT,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    /** True for SUCCEEDED, FAILED and CANCELLED: the run will not change any more. */
    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    /** The lower-case name the API shows, e.g. {@code waiting_for_input}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
