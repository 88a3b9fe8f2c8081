package org.flowvault.vault.client.internal.session;

import org.flowvault.vault.client.SessionEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A listener that keeps every event, for assertions. */
final class Events implements SessionListener {
    private final List<SessionEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(SessionEvent event) {
        events.add(event);
    }

    List<SessionEvent> all() {
        return List.copyOf(events);
    }

    List<SessionEvent.Type> types() {
        return events.stream().map(SessionEvent::type).toList();
    }

    SessionEvent last() {
        return events.getLast();
    }
}
