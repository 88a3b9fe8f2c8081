package org.flowvault.vault.client;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Something that happened to the token of a client's session (see
 * {@code VaultClient.Builder.sessionEvents(..)}). Never carries the token itself.
 *
 * <p>Immutable and thread-safe. Delivered on the thread that renewed or logged in (the session's
 * background thread, or a caller's): a listener should return quickly; one that throws is logged.
 *
 * @param type      what happened
 * @param time      when, on the session's clock
 * @param ttl       the token's TTL after the event (RENEWED, CAPPED, REAUTHENTICATED, EXPIRING), else null
 * @param expiresAt when the current token expires, or null (never, or unknown)
 * @param error     the failure (RENEWAL_FAILED, LOGIN_FAILED), else null; its message holds no secret
 */
public record SessionEvent(Type type, Instant time, Duration ttl, Instant expiresAt, RuntimeException error) {

    /** The kinds of event, in roughly the order a token's life produces them. */
    public enum Type {
        /** {@code renew-self} extended the token; {@link #ttl()} is the new TTL. */
        RENEWED,
        /** A renewal gave less than asked: the token reached its max TTL and will not last beyond {@link #expiresAt()}. */
        CAPPED,
        /** The token will expire at {@link #expiresAt()} and the session cannot extend or replace it (a given token). */
        EXPIRING,
        /** The token is no longer valid: its TTL ran out, or Vault no longer knows it. */
        EXPIRED,
        /** The session logged in again and now uses a new token. */
        REAUTHENTICATED,
        /** A renewal failed; {@link #error()} says why. The session logs in again or retries. */
        RENEWAL_FAILED,
        /** A login in the background failed; the session retries with backoff. */
        LOGIN_FAILED
    }

    /** @throws NullPointerException without a type or time */
    public SessionEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("SessionEvent[").append(type).append(" at ").append(time);
        if (ttl != null) {
            sb.append(", ttl=").append(ttl.toSeconds()).append('s');
        }
        if (expiresAt != null) {
            sb.append(", expiresAt=").append(expiresAt);
        }
        if (error != null) {
            sb.append(", error=").append(error.getClass().getSimpleName()).append(": ").append(error.getMessage());
        }
        return sb.append(']').toString();
    }
}
