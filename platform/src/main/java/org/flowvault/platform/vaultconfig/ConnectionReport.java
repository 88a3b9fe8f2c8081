package org.flowvault.platform.vaultconfig;

import java.util.List;

/**
 * The result of testing a configuration: whether its identity can log in and use the KV mount,
 * and if not, what failed. Messages are written by the platform; a remote response body is never
 * echoed.
 *
 * @param configuration the configuration's name
 * @param outcome       what happened
 * @param message       a sentence for the user: what worked, or what failed and how to fix it
 * @param capabilities  the identity's capabilities on the KV mount's data path (empty when not reached)
 */
public record ConnectionReport(String configuration, Outcome outcome, String message, List<String> capabilities) {

    public ConnectionReport {
        capabilities = List.copyOf(capabilities);
    }

    /** What a test found. */
    public enum Outcome {
        OK,
        UNREACHABLE,
        TLS,
        SEALED,
        /** No credentials (or, for USER_TOKEN, no registered token) to test with. */
        NO_CREDENTIALS,
        LOGIN_FAILED,
        PERMISSION_DENIED,
        ERROR
    }

    public boolean ok() {
        return outcome == Outcome.OK;
    }
}
