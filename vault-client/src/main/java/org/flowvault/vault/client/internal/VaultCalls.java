package org.flowvault.vault.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.flowvault.vault.client.VaultException;
import org.flowvault.vault.client.VaultToken;

/**
 * What engines call: the transport with the current token and the client's namespace. A 403 is
 * offered to the {@link TokenSource} once (a session may log in again) and the call repeated with
 * the new token. Immutable and thread-safe. Not public API.
 */
public final class VaultCalls {
    private final VaultTransport transport;
    private final TokenSource tokens;
    private final String namespace;

    /**
     * @param namespace the namespace for these calls; null for the transport's configured one, ""
     *                  for the root namespace
     */
    public VaultCalls(VaultTransport transport, TokenSource tokens, String namespace) {
        this.transport = transport;
        this.tokens = tokens;
        this.namespace = namespace;
    }

    public VaultTransport transport() {
        return transport;
    }

    /** The namespace these calls use: null for the transport's configured one. */
    public String namespace() {
        return namespace;
    }

    public VaultCalls withNamespace(String namespace) {
        return new VaultCalls(transport, tokens, namespace);
    }

    public VaultCalls withTokens(TokenSource tokens) {
        return new VaultCalls(transport, tokens, namespace);
    }

    public JsonNode get(String path) {
        return send("GET", path, null, Map.of());
    }

    public JsonNode send(String method, String path, Object body) {
        return send(method, path, body, Map.of());
    }

    /** Sends with the current token; see the class comment for 403. */
    public JsonNode send(String method, String path, Object body, Map<String, String> headers) {
        VaultToken token = tokens.token();
        try {
            return transport.send(method, path, body, token.value(), namespace, headers);
        } catch (VaultException.PermissionDenied denied) {
            if (!tokens.onPermissionDenied(token)) {
                throw denied;
            }
            return transport.send(method, path, body, tokens.token().value(), namespace, headers);
        }
    }

    /** Sends without a token: sys/health, seal-status, init, unseal. */
    public JsonNode sendWithoutToken(String method, String path, Object body) {
        return transport.send(method, path, body, null, namespace, Map.of());
    }
}
