package org.flowvault.sdk.flow;

import java.util.Locale;

/** Where a run is. */
public enum RunStatus {
    QUEUED,
    RUNNING,
    WAITING_FOR_INPUT,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    /** Whether the run is over (succeeded, failed or cancelled). */
    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    /** Whether waiting longer changes nothing by itself: over, or waiting for a person's input. */
    public boolean isSettled() {
        return isFinal() || this == WAITING_FOR_INPUT;
    }

    /** The status as the API writes it ({@code waiting_for_input}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The status the API wrote.
     *
     * @throws IllegalArgumentException for a status this SDK does not know
     */
    public static RunStatus fromWire(String text) {
        try {
            return valueOf(text.toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("a run status is one of queued, running, waiting_for_input, succeeded, failed, cancelled");
        }
    }
}
