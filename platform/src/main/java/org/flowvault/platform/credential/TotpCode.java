package org.flowvault.platform.credential;

/**
 * A TOTP code and how long it stays valid. The code is a short-lived secret:
 * {@link #toString()} does not show it.
 *
 * @param code            the digits
 * @param validForSeconds whole seconds until the next period starts (1 to {@code period})
 * @param digits          6 or 8
 * @param period          the period in seconds
 */
public record TotpCode(String code, int validForSeconds, int digits, int period) {
    @Override
    public String toString() {
        return "TotpCode[" + digits + " digits, valid for " + validForSeconds + " s]";
    }
}
