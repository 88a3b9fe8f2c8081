package org.flowvault.vault.server.storage;

/**
 * A storage key the storage cannot hold: one that would escape the storage root, or whose file
 * name or path would be longer than the file system allows. The message names the rule, never the
 * key (it is built from a user's path). The request that led to it is answered 400.
 */
public final class InvalidKeyException extends IllegalArgumentException {
    public InvalidKeyException(String message) {
        super(message);
    }
}
