package org.flowvault.sdk.credential;

/**
 * A key version just generated or rotated to, with its key: the server shows the key this once.
 * Store it where the SDK and CLI read it ({@code FLOWVAULT_CREDENTIAL_KEY} or a 0600 file).
 */
public record NewCredentialKey(int version, CredentialKey key) {
}
