package org.flowvault.vault.server.core;

import java.util.Set;

/**
 * A secrets engine or auth method mounted at a path. The core has already authenticated the
 * caller and checked the ACL when {@link #handle} runs, except for {@link #unauthenticatedPaths}.
 * Implementations are thread-safe; they keep their data in {@link Request#storage()}.
 */
public interface Backend {

    /** Serves one request; throws {@link VaultError} for an error answer. */
    Response handle(Request request);

    /**
     * Whether the target of a write exists, which makes a POST an update rather than a create for
     * the ACL check. {@code null} when the path has no existence check (the write is an update).
     */
    default Boolean exists(Request request) {
        return null;
    }

    /** Paths (relative to the mount; a trailing '*' matches any suffix) that need no token. */
    default Set<String> unauthenticatedPaths() {
        return Set.of();
    }

    /** Paths (same syntax) that need the sudo capability besides the operation's own. */
    default Set<String> sudoPaths() {
        return Set.of();
    }

    /**
     * Revokes the secret behind a lease this backend issued (e.g. drops a database user), given
     * the internal data it attached to {@link Response#secret}. Throws when it cannot; the lease
     * manager then keeps the lease and retries.
     */
    default void revokeSecret(java.util.Map<String, Object> internal) {
    }

    /**
     * Extends the secret behind a lease until {@code expiry} (e.g. a database user's VALID UNTIL).
     * Throws {@link VaultError} when the secret cannot be renewed.
     */
    default void renewSecret(java.util.Map<String, Object> internal, java.time.Instant expiry) {
    }

    /** Called when the mount is removed; the core deletes its storage afterwards. */
    default void cleanup() {
    }
}
