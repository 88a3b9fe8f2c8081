package org.flowvault.vault.server.core;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import org.flowvault.vault.server.namespace.Namespace;
import org.flowvault.vault.server.storage.Storage;

/**
 * What a backend receives when it is mounted: its private storage, its (tunable) mount entry,
 * and the core services it may use.
 *
 * @param entry  the current mount entry; read it per request, since tuning replaces it
 * @param events where the backend publishes its change events; null when nobody listens (tests)
 */
public record MountContext(
        Supplier<MountEntry> entry,
        Storage storage,
        Namespace namespace,
        Tokens tokens,
        Clock clock,
        Duration systemDefaultTtl,
        Duration systemMaxTtl,
        Events events) {

    /** A context whose events go nowhere. */
    public MountContext(Supplier<MountEntry> entry, Storage storage, Namespace namespace, Tokens tokens, Clock clock,
                        Duration systemDefaultTtl, Duration systemMaxTtl) {
        this(entry, storage, namespace, tokens, clock, systemDefaultTtl, systemMaxTtl, null);
    }

    /** Whether an event published now could reach anyone: callers skip describing the change otherwise. */
    public boolean hasListeners() {
        return events != null && events.hasSubscribers();
    }

    /** Publishes a change event when the server has an event bus (see {@link Events#publish}). */
    public void publish(Request request, String eventType, java.util.Map<String, String> metadata) {
        if (events != null) {
            events.publish(request, eventType, metadata);
        }
    }

    /** The mount's default lease TTL, falling back to the system's. */
    public Duration defaultTtl() {
        long s = entry.get().defaultLeaseTtl();
        return s > 0 ? Duration.ofSeconds(s) : systemDefaultTtl;
    }

    /** The mount's max lease TTL, falling back to the system's. */
    public Duration maxTtl() {
        long s = entry.get().maxLeaseTtl();
        return s > 0 ? Duration.ofSeconds(s) : systemMaxTtl;
    }
}
