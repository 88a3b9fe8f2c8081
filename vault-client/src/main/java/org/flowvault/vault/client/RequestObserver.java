package org.flowvault.vault.client;

/**
 * Told about every request a {@link VaultClient} sends, once it is answered or has failed (after
 * the transport's retries): how long it took, and the failure if there was one. For metrics; it
 * sees no path, body or token.
 *
 * <p>Called on the requesting thread, so it must be cheap and must not throw.
 *
 * <p>Nulls: arguments are required unless a parameter says null is allowed; results are never
 * null unless documented ("or null").
 */
@FunctionalInterface
public interface RequestObserver {

    /**
     * @param nanos   the request's duration, retries included
     * @param failure what the call throws, or null when it succeeded
     */
    void completed(long nanos, VaultException failure);
}
