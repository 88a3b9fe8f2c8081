package org.flowvault.vault.client.internal;

import org.flowvault.vault.client.VaultToken;

/** Where engine calls get their token: a session that logs in and renews. Not public API. */
public interface TokenSource extends AutoCloseable {

    /** The current token, logging in first if needed. */
    VaultToken token();

    /** Called when Vault answered 403 with the current token: the session may log in again once. */
    default boolean onPermissionDenied(VaultToken rejected) {
        return false;
    }

    @Override
    void close();
}
