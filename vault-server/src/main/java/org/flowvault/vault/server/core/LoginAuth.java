package org.flowvault.vault.server.core;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What an auth method returns from a successful login: the token the core must issue. Mirrors
 * Vault's {@code logical.Auth} with the {@code token_*} parameters every auth method shares.
 */
public record LoginAuth(
        List<String> policies,
        Map<String, String> metadata,
        String displayName,
        Duration ttl,
        Duration maxTtl,
        Duration explicitMaxTtl,
        Duration period,
        int numUses,
        boolean renewable,
        boolean noDefaultPolicy,
        List<String> boundCidrs) {

    public LoginAuth {
        policies = List.copyOf(policies);
        metadata = Map.copyOf(metadata);
        boundCidrs = boundCidrs == null ? List.of() : List.copyOf(boundCidrs);
    }
}
