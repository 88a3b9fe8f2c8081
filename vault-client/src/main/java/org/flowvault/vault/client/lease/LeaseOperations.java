package org.flowvault.vault.client.lease;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.flowvault.vault.client.VaultException;
import org.flowvault.vault.client.internal.Access;
import org.flowvault.vault.client.internal.ClientJson;
import org.flowvault.vault.client.internal.VaultCalls;

/**
 * Vault's lease API ({@code sys/leases/*}) for the leases of dynamic secrets. Obtain it from
 * {@link org.flowvault.vault.client.core.VaultClient#leases()}. Immutable and thread-safe.
 *
 * <p>Nulls: arguments are required unless a parameter says null is allowed; results are never
 * null unless documented ("or null").
 *
 * <p>Errors: a call Vault refuses or cannot answer throws a {@link org.flowvault.vault.client.VaultException}
 * subclass (each method names the ones it expects); a malformed argument throws
 * {@link IllegalArgumentException} before any request. Messages never carry a secret.
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/system/leases">sys/leases API</a>
 */
public final class LeaseOperations {
    private final VaultCalls calls;

    /** For {@link org.flowvault.vault.client.core.VaultClient}. */
    static {
        Access.operations(LeaseOperations.class, (calls, mount) -> new LeaseOperations(calls));
    }

    LeaseOperations(VaultCalls calls) {
        this.calls = calls;
    }

    /**
     * The lease's remaining TTL and renewability.
     *
     * @throws VaultException.InvalidRequest when Vault does not know the lease (revoked or expired: "invalid lease")
     */
    public Lease lookup(String leaseId) {
        JsonNode data = calls.send("PUT", "sys/leases/lookup", Map.of("lease_id", requireId(leaseId))).get("data");
        return new Lease(ClientJson.text(data, "id"), ClientJson.duration(data, "ttl"), ClientJson.bool(data, "renewable"), Instant.now());
    }

    /**
     * Renews the lease, asking for {@code increment} from now (null: the TTL it was issued with);
     * Vault grants at most what is left of the secret's max TTL.
     *
     * @throws VaultException.InvalidRequest when the lease is gone ("lease not found") or not renewable
     */
    public Lease renew(String leaseId, Duration increment) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("lease_id", requireId(leaseId));
        if (increment != null) {
            if (increment.isNegative() || increment.isZero()) {
                throw new IllegalArgumentException("increment must be positive (or null for the lease's TTL), got " + increment);
            }
            body.put("increment", ClientJson.seconds(increment));
        }
        Lease lease = Lease.of(calls.send("PUT", "sys/leases/renew", body));
        if (lease == null) {
            throw new VaultException("Vault's answer to sys/leases/renew carries no lease_id", 200, "sys/leases/renew", List.of());
        }
        return lease;
    }

    /** Revokes the lease now (the database user is dropped); an unknown lease is not an error. */
    public void revoke(String leaseId) {
        calls.send("PUT", "sys/leases/revoke", Map.of("lease_id", requireId(leaseId)));
    }

    /** Revokes every lease under {@code prefix} ("database/creds/app"); needs sudo. */
    public void revokePrefix(String prefix) {
        calls.send("PUT", "sys/leases/revoke-prefix/" + requireId(prefix), null);
    }

    /**
     * The lease ids (or sub-folders, ending in '/') directly under {@code prefix}; empty when
     * there are none. Needs sudo on {@code sys/leases/lookup/*}.
     */
    public List<String> list(String prefix) {
        try {
            JsonNode answer = calls.send("LIST", "sys/leases/lookup/" + (prefix == null ? "" : prefix), null);
            return ClientJson.strings(answer.at("/data/keys"));
        } catch (VaultException.NotFound e) {
            return List.of();
        }
    }

    private static String requireId(String id) {
        Objects.requireNonNull(id, "lease id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("lease id must not be empty: pass the lease_id of the secret's answer");
        }
        return id;
    }

    @Override
    public String toString() {
        return "LeaseOperations";
    }

    /**
     * The lease of a dynamic secret as Vault last reported it: its id, the time it had left then
     * ({@link #ttl()}, capped by the secret's max TTL), whether it may be renewed, and when it was
     * reported, from which {@link #expiresAt()} follows. Immutable; a lease id is not a secret.
     */
    public static final class Lease {
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
}
