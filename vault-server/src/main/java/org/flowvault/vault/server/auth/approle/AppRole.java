package org.flowvault.vault.server.auth.approle;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.flowvault.vault.server.auth.TokenParams;

/**
 * A role as stored under {@code role/<name>}.
 *
 * @param hmacKey            per-role key for the HMACs that index its secret IDs
 * @param secretIdBoundCidrs null when never set (Vault shows null, not [])
 * @param secretIdTtl        seconds; 0 means secret IDs do not expire
 */
record AppRole(
        @JsonProperty("name") String name,
        @JsonProperty("role_id") String roleId,
        @JsonProperty("hmac_key") String hmacKey,
        @JsonProperty("bind_secret_id") boolean bindSecretId,
        @JsonProperty("secret_id_bound_cidrs") List<String> secretIdBoundCidrs,
        @JsonProperty("secret_id_num_uses") int secretIdNumUses,
        @JsonProperty("secret_id_ttl") long secretIdTtl,
        @JsonProperty("local_secret_ids") boolean localSecretIds,
        @JsonProperty("token") TokenParams token) {

    List<String> boundCidrs() {
        return secretIdBoundCidrs == null ? List.of() : secretIdBoundCidrs;
    }

    AppRole withRoleId(String newRoleId) {
        return new AppRole(name, newRoleId, hmacKey, bindSecretId, secretIdBoundCidrs, secretIdNumUses, secretIdTtl,
                localSecretIds, token);
    }

    @Override
    public String toString() {
        return "AppRole[" + name + "]"; // the role ID and HMAC key stay out of logs
    }
}
