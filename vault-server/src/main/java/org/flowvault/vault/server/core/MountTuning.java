package org.flowvault.vault.server.core;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A mount's tunables beyond TTLs, description, options and listing visibility, stored and answered
 * as Vault's {@code sys/mounts/PATH/tune} does. The header and audit lists are kept for clients
 * that set and read them back; the server does not pass headers through or change audit HMACing.
 *
 * @param tokenType auth mounts only: "default-service", "default-batch", "service" or "batch"
 */
public record MountTuning(
        @JsonProperty("audit_non_hmac_request_keys") List<String> auditNonHmacRequestKeys,
        @JsonProperty("audit_non_hmac_response_keys") List<String> auditNonHmacResponseKeys,
        @JsonProperty("passthrough_request_headers") List<String> passthroughRequestHeaders,
        @JsonProperty("allowed_response_headers") List<String> allowedResponseHeaders,
        @JsonProperty("token_type") String tokenType) {

    public static final MountTuning NONE = new MountTuning(List.of(), List.of(), List.of(), List.of(), "default-service");

    public MountTuning {
        auditNonHmacRequestKeys = auditNonHmacRequestKeys == null ? List.of() : List.copyOf(auditNonHmacRequestKeys);
        auditNonHmacResponseKeys = auditNonHmacResponseKeys == null ? List.of() : List.copyOf(auditNonHmacResponseKeys);
        passthroughRequestHeaders = passthroughRequestHeaders == null ? List.of() : List.copyOf(passthroughRequestHeaders);
        allowedResponseHeaders = allowedResponseHeaders == null ? List.of() : List.copyOf(allowedResponseHeaders);
        tokenType = tokenType == null || tokenType.isEmpty() ? "default-service" : tokenType;
    }
}
