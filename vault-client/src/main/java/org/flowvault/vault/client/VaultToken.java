package org.flowvault.vault.client;

import java.util.Objects;

/**
 * A Vault token. Its value is reachable only through {@link #value()}; {@link #toString()} prints
 * the type name, so a token never lands in a log line by accident.
 *
 * <p>Immutable and thread-safe.
 *
 * <p>Nulls: arguments are required unless a parameter says null is allowed; results are never
 * null unless documented ("or null").
 *
 * <p>Errors: {@link IllegalArgumentException} for an empty token, {@link NullPointerException} for null.
 */
public final class VaultToken {
    private final String value;

    private VaultToken(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a Vault token must not be empty");
        }
        this.value = value;
    }

    public static VaultToken of(String value) {
        return new VaultToken(value);
    }

    public String value() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VaultToken t && t.value.equals(value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value);
    }

    @Override
    public String toString() {
        return "VaultToken";
    }
}
