package org.flowvault.vault.client.lease;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.flowvault.vault.client.internal.ClientJson;

/**
 * The lease of a dynamic secret as Vault last reported it: its id, the time it had left then
 * ({@link #ttl()}, capped by the secret's max TTL), whether it may be renewed, and when it was
 * reported, from which {@link #expiresAt()} follows. Immutable; a lease id is not a secret.
 */
public final class Lease {
    private final String id;
    private final Duration ttl;
    private final boolean renewable;
    private final Instant reportedAt;

    /**
     * @param id         the lease id (required)
     * @param ttl        the time it had left when Vault answered
     * @param renewable  whether Vault lets it be renewed
     * @param reportedAt when Vault answered
     */
    public Lease(String id, Duration ttl, boolean renewable, Instant reportedAt) {
        this.id = Objects.requireNonNull(id, "id");
        this.ttl = ttl;
        this.renewable = renewable;
        this.reportedAt = reportedAt;
    }

    /** The lease of a secret answer (top-level lease_id, lease_duration, renewable); null when it has none. */
    static Lease of(JsonNode answer) {
        String id = ClientJson.text(answer, "lease_id");
        return id == null ? null : new Lease(id, ClientJson.duration(answer, "lease_duration"), ClientJson.bool(answer, "renewable"), Instant.now());
    }

    public String id() {
        return id;
    }

    /** The time the lease had left when Vault answered. */
    public Duration ttl() {
        return ttl;
    }

    public boolean renewable() {
        return renewable;
    }

    /** When the lease ends unless renewed, by this machine's clock. */
    public Instant expiresAt() {
        return reportedAt.plus(ttl);
    }

    @Override
    public String toString() {
        return "Lease[" + id + ", ttl=" + ttl.toSeconds() + "s" + (renewable ? ", renewable" : "") + "]";
    }
}
