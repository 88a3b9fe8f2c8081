package org.flowvault.sdk.credential;

import org.flowvault.sdk.Secret;

/**
 * An entry's current TOTP code (RFC 6238), computed by the server; the entry's secret never
 * leaves it for this call.
 *
 * @param code            the code (6 or 8 digits)
 * @param validForSeconds how long the code stays valid
 * @param digits          the code's length
 * @param period          the time step in seconds (30 unless the secret's {@code otpauth://} URI says otherwise)
 */
public record TotpCode(Secret code, int validForSeconds, int digits, int period) {
    @Override
    public String toString() {
        return "TotpCode[" + digits + " digits, valid for " + validForSeconds + " s]";
    }
}
