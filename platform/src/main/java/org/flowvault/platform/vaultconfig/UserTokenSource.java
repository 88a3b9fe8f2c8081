package org.flowvault.platform.vaultconfig;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.flowvault.vault.client.VaultToken;

/**
 * Where {@link ProjectVaultAccess} finds a user's registered token for a configuration; implemented
 * by the user-token store, which owns registration and renewal.
 */
public interface UserTokenSource {

    /** The token {@code userId} registered for configuration {@code configId}, if any. */
    Optional<RegisteredToken> find(UUID configId, UUID userId);

    /**
     * A registered token, decrypted for immediate use; never logged ({@link VaultToken#toString()} is masked).
     *
     * @param token     the token
     * @param expiresAt when it expires; null when it never does
     * @param revoked   true when Vault refused it (revoked or unknown) at the last renewal
     */
    record RegisteredToken(VaultToken token, Instant expiresAt, boolean revoked) {
    }
}
