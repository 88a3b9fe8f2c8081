package org.flowvault.vault.server.core;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

/**
 * An HTTP request as the core receives it, after the HTTP layer has parsed the body and checked
 * the path: {@code path} is what follows {@code /v1/}, without a leading slash.
 *
 * @param data     the parsed JSON or form body for writes, the query parameters otherwise
 * @param wrapTtl  the X-Vault-Wrap-TTL header, or null
 * @param clientCertificates the chain the client presented in the TLS handshake (leaf first), not
 *                 verified by the listener; empty over plain HTTP or without a certificate
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
        String wrapTtl,
        List<X509Certificate> clientCertificates) {

    public ApiRequest {
        clientCertificates = clientCertificates == null ? List.of() : List.copyOf(clientCertificates);
    }

    /** A request without a client certificate. */
    public ApiRequest(String method, String path, boolean listFlag, Map<String, Object> data, String token,
                      String namespaceHeader, String contentType, String remoteAddress, Map<String, String> query,
                      String wrapTtl) {
        this(method, path, listFlag, data, token, namespaceHeader, contentType, remoteAddress, query, wrapTtl, List.of());
    }
}
