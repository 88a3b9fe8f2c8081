package org.flowvault.sdk.credential;

/**
 * A stored field that does not decrypt: tampered, moved from another entry or field, or written
 * under another key. Never returned as if it were plaintext (the seed product's SDKs do that);
 * the message names the entry and field, never a value.
 */
public final class CredentialDecryptionException extends RuntimeException {
    private final FieldId field;

    CredentialDecryptionException(FieldId field, String why) {
        super("cannot decrypt " + (field == null ? "a credential field" : field.describe()) + ": " + why);
        this.field = field;
    }

    /** The field that failed, or null when it was decrypted without an identity (format v1). */
    public FieldId field() {
        return field;
    }
}
