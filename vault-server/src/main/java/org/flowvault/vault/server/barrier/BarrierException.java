package org.flowvault.vault.server.barrier;

/** The barrier refused an operation: sealed, or a ciphertext that does not authenticate. */
public final class BarrierException extends RuntimeException {
    public BarrierException(String message) {
        super(message);
    }
}
