package org.flowvault.vault.client.internal;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.flowvault.vault.client.VaultToken;

/**
 * The token a login produced, with its lease. Its {@code toString()} never shows the token.
 *
 * @param token           the token; never null
 * @param ttl             the time left on the token when Vault answered: zero means it never
 *                        expires (a root token), {@code null} that the method did not learn it (the
 *                        session then asks Vault with {@code auth/token/lookup-self})
 * @param renewable       whether {@code auth/token/renew-self} can extend it
 * @param policies        the token's policies, possibly empty
 * @param createdByClient whether the client obtained the token itself (then a session revokes it
 *                        on close); false for a token the caller gave
 */
public record LoginResult(VaultToken token, Duration ttl, boolean renewable, List<String> policies, boolean createdByClient) {
    /** @throws NullPointerException without a token; IllegalArgumentException for a negative TTL */
    public LoginResult {
        Objects.requireNonNull(token, "token");
        if (ttl != null && ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must not be negative: " + ttl);
        }
        policies = policies == null ? List.of() : List.copyOf(policies);
    }
}
