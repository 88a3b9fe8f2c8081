package org.flowvault.sdk.credential;

/**
 * The format the SDK writes credential fields in (it reads both). See {@link FieldCipher}.
 */
public enum FieldFormat {
    /** The seed product's format: no associated data. Only for entries the seed product must still read. */
    V1,
    /** The default: versioned, and bound to the project, entry and field, so a moved ciphertext fails. */
    V2
}
