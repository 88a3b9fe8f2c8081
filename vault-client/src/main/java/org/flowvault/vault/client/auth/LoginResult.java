package org.flowvault.vault.client.auth;

import java.time.Duration;
import java.util.List;
import org.flowvault.vault.client.VaultToken;

/**
 * The token a login produced, with its lease: {@code ttl} zero means it never expires.
 *
 * @param createdByClient whether the client obtained the token itself (then it revokes it on close)
 */
public record LoginResult(VaultToken token, Duration ttl, boolean renewable, List<String> policies, boolean createdByClient) {
    public LoginResult {
        policies = List.copyOf(policies);
    }
}
