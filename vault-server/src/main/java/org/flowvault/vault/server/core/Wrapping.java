package org.flowvault.vault.server.core;

import java.time.Duration;
import java.util.Map;
import org.flowvault.vault.server.namespace.Namespace;

/**
 * The core's port to response wrapping: a request with {@code X-Vault-Wrap-TTL} gets its body
 * stored behind a single-use token instead. {@code VaultServer} supplies the implementation
 * ({@code wrapping.ResponseWrapper}) through {@link CoreServices}.
 */
public interface Wrapping {

    /**
     * Stores {@code body} and returns Vault's wrapping envelope (the {@code wrap_info} block).
     *
     * @param wrappedAccessor the accessor of a token inside the body, or null
     */
    Map<String, Object> wrap(Map<String, Object> body, Duration ttl, Namespace ns, String creationPath,
                             String wrappedAccessor, String requestId);
}
