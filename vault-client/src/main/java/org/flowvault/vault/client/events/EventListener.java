package org.flowvault.vault.client.events;

/** Receives a subscription's events, one at a time, on the WebSocket's thread. */
public interface EventListener {

    void onEvent(VaultEvent event);

    /**
     * The subscription ended without {@link EventSubscription#close()}: Vault closed it (its token
     * was revoked, Vault sealed or restarted) or the connection broke. Events may have been missed.
     *
     * @param reason what happened, for logs; never a token
     */
    default void onEnded(String reason) {
    }
}
