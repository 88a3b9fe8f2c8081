package org.flowvault.platform.task;

import org.flowvault.platform.error.PlatformException;

/**
 * A step failed. The message names what failed and how to fix it, and has passed through the
 * run's masker: it never carries a secret value. The cause, when kept, is the original exception
 * with its unmasked message: log only this exception's message, never the cause's.
 */
public final class TaskException extends PlatformException {

    /** Why the step failed. */
    public enum Kind {
        /** An input is missing, of the wrong type or inconsistent: fix the connection or flow. */
        INPUT(Reason.INVALID),
        /** The remote system (database, HTTP server, git server, Vault) failed or refused. */
        REMOTE(Reason.UNAVAILABLE),
        /** The step's timeout or the run's deadline passed. */
        TIMEOUT(Reason.UNAVAILABLE),
        /** The run was cancelled. */
        CANCELLED(Reason.CONFLICT);

        private final Reason reason;

        Kind(Reason reason) {
            this.reason = reason;
        }
    }

    private final Kind kind;

    public TaskException(Kind kind, String message) {
        super(kind.reason, message);
        this.kind = kind;
    }

    /** {@code cause} is kept for the stack trace only (see the class documentation). */
    public TaskException(Kind kind, String message, Throwable cause) {
        super(kind.reason, message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** An INPUT failure. */
    public static TaskException input(String message) {
        return new TaskException(Kind.INPUT, message);
    }
}
