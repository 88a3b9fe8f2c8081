package org.flowvault.vault.client.sys;

import com.fasterxml.jackson.databind.JsonNode;
import org.flowvault.vault.client.internal.Json;

/**
 * The seal state, as {@code sys/seal-status} and {@code sys/unseal} report it.
 *
 * @param type        the seal type, such as "shamir"
 * @param initialized whether the server was initialized
 * @param sealed      whether it is sealed
 * @param threshold   key shares needed to unseal
 * @param shares      key shares in all
 * @param progress    shares submitted toward the current unseal
 * @param nonce       the current unseal attempt's nonce
 * @param version     the Vault version
 * @param clusterName the cluster name; null while sealed
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/system/seal-status">sys/seal-status</a>
 */
public record SealStatus(String type, boolean initialized, boolean sealed, int threshold, int shares, int progress,
                         String nonce, String version, String clusterName) {

    static SealStatus from(JsonNode b) {
        return new SealStatus(Json.text(b, "type"), Json.bool(b, "initialized"), Json.bool(b, "sealed"),
                (int) Json.longValue(b, "t"), (int) Json.longValue(b, "n"), (int) Json.longValue(b, "progress"),
                Json.text(b, "nonce"), Json.text(b, "version"), Json.text(b, "cluster_name"));
    }
}
