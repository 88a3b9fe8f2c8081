package org.flowvault.platform.error;

import java.util.Objects;

/**
 * The one unchecked exception of the platform. Its {@link Reason} tells an interface how to
 * answer (the REST API maps it to a status code); its message names what is wrong and how to fix
 * it, and never carries a secret value, a token or a remote response body.
 */
public class PlatformException extends RuntimeException {

    /** Why an operation was refused or failed; stable, so interfaces can map it. */
    public enum Reason {
        /** The input is malformed or inconsistent (HTTP 400). */
        INVALID,
        /** The caller is not authenticated (HTTP 401). */
        UNAUTHENTICATED,
        /** The caller is known but may not do this (HTTP 403). */
        FORBIDDEN,
        /** The named thing does not exist or is not visible to the caller (HTTP 404). */
        NOT_FOUND,
        /** The request conflicts with the current state, e.g. a duplicate name (HTTP 409). */
        CONFLICT,
        /** A remote system (Vault, a database) could not be reached or failed (HTTP 502). */
        UNAVAILABLE,
        /**
         * The audit trail cannot be written, so no secret is handed out (HTTP 503): the platform
         * fails closed, as Vault does when none of its audit devices can record a request.
         */
        AUDIT_UNAVAILABLE
    }

    private final Reason reason;
    private final String field;

    public PlatformException(Reason reason, String message) {
        this(reason, null, message);
    }

    /** An exception about one input field ({@code field}: its name in the API, e.g. {@code cache_ttl}). */
    public PlatformException(Reason reason, String field, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.field = field;
    }

    public PlatformException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.field = null;
    }

    public Reason reason() {
        return reason;
    }

    /** The input field this is about, so a form can show the message beside it; empty when it is about no one field. */
    public java.util.Optional<String> field() {
        return java.util.Optional.ofNullable(field);
    }

    /** Invalid input in {@code field}; the message names the field and what is allowed, never the value. */
    public static PlatformException invalidField(String field, String message) {
        return new PlatformException(Reason.INVALID, field, message);
    }

    public static PlatformException invalid(String message) {
        return new PlatformException(Reason.INVALID, message);
    }

    public static PlatformException notFound(String message) {
        return new PlatformException(Reason.NOT_FOUND, message);
    }

    public static PlatformException forbidden(String message) {
        return new PlatformException(Reason.FORBIDDEN, message);
    }

    public static PlatformException conflict(String message) {
        return new PlatformException(Reason.CONFLICT, message);
    }
}
