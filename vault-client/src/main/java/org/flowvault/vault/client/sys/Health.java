package org.flowvault.vault.client.sys;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import org.flowvault.vault.client.internal.Json;

/**
 * A server's health as {@code sys/health} reports it.
 *
 * @param initialized        whether the server was initialized
 * @param sealed             whether it is sealed
 * @param standby            whether it is an HA standby
 * @param performanceStandby whether it is a performance standby (Enterprise)
 * @param version            the Vault version it reports
 * @param clusterName        the cluster name; null while sealed or uninitialized
 * @param clusterId          the cluster id; null while sealed or uninitialized
 * @param serverTime         the server's clock
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/system/health">sys/health</a>
 */
public record Health(boolean initialized, boolean sealed, boolean standby, boolean performanceStandby, String version,
                     String clusterName, String clusterId, Instant serverTime) {

    static Health from(JsonNode b) {
        long t = Json.longValue(b, "server_time_utc");
        return new Health(Json.bool(b, "initialized"), Json.bool(b, "sealed"), Json.bool(b, "standby"),
                Json.bool(b, "performance_standby"), Json.text(b, "version"), Json.text(b, "cluster_name"),
                Json.text(b, "cluster_id"), t == 0 ? null : Instant.ofEpochSecond(t));
    }

    /** Initialized, unsealed and active: ready to serve secrets. */
    public boolean active() {
        return initialized && !sealed && !standby;
    }
}
