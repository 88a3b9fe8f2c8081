package org.flowvault.sdk.credential;

import java.util.Objects;
import org.flowvault.sdk.FlowvaultException;

/**
 * A stored field that does not decrypt: tampered, truncated, not hex, moved from another entry or
 * field, written under another key or a key version that is not available, or decrypted to
 * something that is not a JSON value. Never returned as if it were plaintext (the seed product's
 * SDKs do that); the message names the entry and field and says why, never a value or a
 * ciphertext. Status 0, reason {@code DECRYPTION_FAILED}.
 */
public final class CredentialDecryptionException extends FlowvaultException {
    private final FieldId field;

    /** {@code why} must not contain the value, the ciphertext or the key. */
    public CredentialDecryptionException(FieldId field, String why) {
        super(0, "DECRYPTION_FAILED", "cannot decrypt " + Objects.requireNonNull(field, "field").describe() + ": " + why);
        this.field = field;
    }

    /** The field that failed to decrypt. */
    public FieldId field() {
        return field;
    }
}
