package org.flowvault.sdk;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A secret value (a password, a TOTP secret or code, an API key shown once). {@link #toString()}
 * prints only {@code Secret}, so a secret that reaches a log line, an exception message or a
 * record's {@code toString} stays hidden; {@link #reveal()} is the one way to the value.
 * Immutable and thread-safe.
 */
public final class Secret {
    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /** Wraps {@code value} (not null; may be empty). */
    public static Secret of(String value) {
        return new Secret(Objects.requireNonNull(value, "a Secret's value must not be null"));
    }

    /** Wraps {@code value}, or returns null for null. */
    public static Secret ofNullable(String value) {
        return value == null ? null : new Secret(value);
    }

    /** The value. Keep it out of logs and messages. */
    public String reveal() {
        return value;
    }

    /** Compares in constant time. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8), s.value.getBytes(StandardCharsets.UTF_8));
    }

    /** The length only: a hash of the value would be a clue to it. */
    @Override
    public int hashCode() {
        return value.length();
    }

    @Override
    public String toString() {
        return "Secret";
    }
}
