package org.flowvault.vault.client.internal.session;

import org.flowvault.vault.client.SessionEvent;

/**
 * Receives a {@link Session}'s lifecycle events (renewals, caps, expiry, re-logins, failures).
 * Called on the thread that caused the event (usually the session's renewal thread), outside the
 * session's lock; a listener should return quickly. An exception it throws is logged and ignored.
 */
@FunctionalInterface
public interface SessionListener {
    /** Hears one event; must not block for long, and never receives the token. */
    void onEvent(SessionEvent event);
}
