package org.flowvault.sdk.credential;

/**
 * How an entry's second factor is obtained: a TOTP code computed from the entry's
 * {@code tfa_secret} (authenticator app), or a code a person types in when it arrives by email or
 * SMS (the run pauses for their input).
 */
public enum TfaMethod {
    AUTHENTICATOR,
    EMAIL,
    SMS
}
