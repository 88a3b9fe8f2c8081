package org.flowvault.vault.server.core;

import java.util.Map;

/**
 * An HTTP request as the core receives it, after the HTTP layer has parsed the body and checked
 * the path: {@code path} is what follows {@code /v1/}, without a leading slash.
 *
 * @param data     the parsed JSON or form body for writes, the query parameters otherwise
 * @param wrapTtl  the X-Vault-Wrap-TTL header, or null
 */
public record ApiRequest(
        String method,
        String path,
        boolean listFlag,
        Map<String, Object> data,
        String token,
        String namespaceHeader,
        String contentType,
        String remoteAddress,
        Map<String, String> query,
        String wrapTtl) {
}
