package org.flowvault.vault.server.core;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.flowvault.vault.server.namespace.Namespace;

/**
 * The core's port to the token store: the pipeline authenticates and issues tokens through it,
 * backends manage tokens through {@link MountContext#tokens()}. {@code VaultServer} supplies the
 * implementation ({@code token.TokenStore}) through {@link CoreServices}, so the core never
 * depends on the token package. Implementations are thread-safe.
 */
public interface Tokens {

    /** The outcome of a renewal: the updated token and Vault's warnings. */
    record Renewal(TokenEntry token, List<String> warnings) {
    }

    /** The current time in whole seconds, rounded up, as tokens are stamped. */
    long now();

    /** Issues a token; the TTL rules of Vault's token store apply. */
    TokenEntry create(TokenSpec spec);

    /** The live token with this id, or null when it does not exist or has expired. */
    TokenEntry lookup(String id);

    /** The live token with this accessor, or null. */
    TokenEntry lookupByAccessor(String accessor);

    /** Accessors of the tokens of a namespace. */
    List<String> accessors(Namespace namespace);

    /** Counts one use of a limited-use token; false when it had no use left. */
    boolean use(TokenEntry entry);

    /** Renews a token by {@code increment} (zero: its original TTL), capped as Vault caps it. */
    Renewal renew(TokenEntry entry, Duration increment, long mountMaxTtl);

    /** Revokes a token and the tokens it created. */
    void revoke(TokenEntry entry);

    /** Revokes a token; its children become orphans. */
    void revokeOrphan(TokenEntry entry);

    /**
     * Calls {@code listener} with each token that is revoked from now on, whether explicitly, with
     * its parent, or found expired; the core revokes the leases the token obtained, as Vault does.
     */
    void whenRevoked(Consumer<TokenEntry> listener);

    /** Drops any in-memory copies (on seal, so nothing outlives the barrier key). */
    void clearCache();
}
