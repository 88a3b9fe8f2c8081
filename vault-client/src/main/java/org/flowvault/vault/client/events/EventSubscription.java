package org.flowvault.vault.client.events;

import java.net.http.WebSocket;
import java.util.concurrent.atomic.AtomicBoolean;

/** An open event subscription; {@link #close()} ends it (idempotent). */
public final class EventSubscription implements AutoCloseable {
    private final WebSocket socket;
    private final AtomicBoolean closed;

    EventSubscription(WebSocket socket, AtomicBoolean closed) {
        this.socket = socket;
        this.closed = closed;
    }

    /** Whether events may still arrive. */
    public boolean isOpen() {
        return !closed.get() && !socket.isInputClosed();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            socket.abort();
        }
    }
}
