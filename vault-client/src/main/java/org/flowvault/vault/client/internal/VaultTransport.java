package org.flowvault.vault.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Sends one request to {@code /v1/<path>} and maps the answer: the parsed JSON body for 2xx
 * (null for 204), or a {@link org.flowvault.vault.client.VaultException} subclass for an error
 * status or a failed connection. Retries idempotent requests on connection errors, 412, 429 and
 * 5xx with exponential backoff and jitter. Thread-safe. Not part of the public API.
 */
public interface VaultTransport {

    /**
     * @param method    GET, POST, PUT, PATCH, DELETE or LIST
     * @param path      the API path after /v1/, without a leading slash
     * @param body      a JSON-serializable body, or null
     * @param token     the X-Vault-Token to send, or null
     * @param namespace the X-Vault-Namespace to send (overrides the configured one), or null for the configured one
     * @param headers   extra headers (Content-Type for merge patch, X-Vault-Wrap-TTL...), may be empty
     */
    JsonNode send(String method, String path, Object body, String token, String namespace, Map<String, String> headers);
}
