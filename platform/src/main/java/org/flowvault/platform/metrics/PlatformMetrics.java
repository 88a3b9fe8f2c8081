package org.flowvault.platform.metrics;

import java.time.Duration;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.vault.client.core.VaultClient.RequestObserver;

/**
 * The platform's metrics port: the events it reports as they happen. The platform has no metrics
 * library; an interface (the server's Micrometer registry) implements this and reads the rest
 * (cache counts, queue depth, expiring tokens, pool) when scraped.
 *
 * <p>Labels are fixed sets or vault configuration <em>names</em> (admin-chosen identifiers), never
 * a path, user value or secret. Methods are called on hot paths (every resolution, every Vault
 * request): implementations must be cheap, thread-safe, allocation-free after warm-up, and must
 * not throw.
 */
public interface PlatformMetrics {

    /** How a token renewal ended (the renewal job's outcomes). */
    enum Renewal {
        /** Renewed for its full TTL. */
        RENEWED,
        /** Renewed, but Vault capped it at the token's max TTL: renewing stops. */
        CAPPED,
        /** Revoked, expired, not renewable or unreadable: renewing stops. */
        STOPPED,
        /** Vault unreachable or failing: retried later. */
        RETRYING;
    }

    /** What revalidating an expired KV v2 cache entry with the metadata read found. */
    enum Revalidation {
        /** The cached version is still current: kept, nothing reread. */
        UNCHANGED,
        /** A newer version (or none) is current: reread. */
        CHANGED,
        /** The metadata could not tell (KV v1, denied): reread. */
        UNKNOWN;
    }

    /** An expired cache entry of configuration {@code configurationName} was revalidated. */
    default void revalidation(String configurationName, Revalidation outcome) {
    }

    /** A connection was resolved (or previewed); {@code failure} is null on success. */
    void resolution(PlatformException.Reason failure);

    /**
     * The observer of the Vault clients of configuration {@code configurationName}: their requests'
     * latency and failures. Called when a configuration's client is built, not per request.
     */
    RequestObserver vaultRequests(String configurationName);

    /** A token renewal attempt ended. */
    void tokenRenewal(Renewal outcome);

    /**
     * A run executed on this node ended after {@code duration}; {@code status} is the label of its
     * final {@code RunStatus} ({@code succeeded}, {@code failed}, {@code cancelled}).
     */
    void runEnded(String status, Duration duration);

    /** Reports nothing: the default when no metrics registry is attached. */
    static PlatformMetrics none() {
        return NoMetrics.INSTANCE;
    }
}
