package org.flowvault.vault.server.policy;

/**
 * A policy that cannot be parsed or stored, with Vault's wording: {@code failed to parse policy:
 * path "secret/*": invalid capability "reed"}, {@code cannot delete default policy}. The message
 * names the bad value and is safe to return to the client as a 400.
 */
public final class PolicyException extends RuntimeException {

    /** Creates the exception; {@code message} is shown to the client as is. */
    public PolicyException(String message) {
        super(message, null, false, false);
    }
}
