package org.flowvault.vault.server.seal;

/** An init or unseal request that cannot be honoured; the message is safe to show. */
public final class SealException extends RuntimeException {
    public SealException(String message) {
        super(message);
    }
}
