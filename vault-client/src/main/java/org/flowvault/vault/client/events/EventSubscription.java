package org.flowvault.vault.client.events;

import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.atomic.AtomicBoolean;

/** An open event subscription; {@link #close()} ends it (idempotent). */
public final class EventSubscription implements AutoCloseable {
    private final WebSocket socket;
    private final AtomicBoolean closed;
    private final HttpClient http;

    EventSubscription(WebSocket socket, AtomicBoolean closed, HttpClient http) {
        this.socket = socket;
        this.closed = closed;
        this.http = http;
    }

    /** Whether events may still arrive. */
    public boolean isOpen() {
        return !closed.get() && !socket.isInputClosed();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            socket.abort();
            http.shutdownNow();
        }
    }
}
