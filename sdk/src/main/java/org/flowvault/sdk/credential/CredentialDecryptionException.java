package org.flowvault.sdk.credential;

import java.util.Objects;

/**
 * A stored field that does not decrypt: tampered, truncated, not hex, moved from another entry or
 * field, written under another key or a key version that is not available. Never returned as if
 * it were plaintext (the seed product's SDKs do that); the message names the entry and field and
 * says why, never a value or a ciphertext.
 */
public final class CredentialDecryptionException extends RuntimeException {
    private final FieldId field;

    CredentialDecryptionException(FieldId field, String why) {
        super("cannot decrypt " + Objects.requireNonNull(field, "field").describe() + ": " + why);
        this.field = field;
    }

    /** The field that failed to decrypt. */
    public FieldId field() {
        return field;
    }
}
