package org.flowvault.vault.server.core;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * How a core is built: the engines it can mount by type, the system lease TTLs and the clock.
 *
 * @param storageType shown in seal-status ("inmem", "file")
 */
public record CoreOptions(
        Map<String, BackendFactory> backends,
        Duration defaultLeaseTtl,
        Duration maxLeaseTtl,
        Clock clock,
        String storageType) {

    public CoreOptions {
        backends = Map.copyOf(backends);
    }
}
