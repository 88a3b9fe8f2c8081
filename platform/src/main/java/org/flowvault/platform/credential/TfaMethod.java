package org.flowvault.platform.credential;

import java.util.Locale;

/** How an entry's website asks for a second factor. */
public enum TfaMethod {
    /** A TOTP code (RFC 6238) computed from the entry's {@code tfa_secret}. */
    AUTHENTICATOR,
    /** A code sent by e-mail: a run pauses until a person enters it. */
    EMAIL,
    /** A code sent by text message: a run pauses until a person enters it. */
    SMS;

    /**
     * The method named {@code text} (case-insensitive).
     *
     * @throws IllegalArgumentException listing the methods, never quoting the text
     */
    public static TfaMethod parse(String text) {
        for (TfaMethod m : values()) {
            if (m.name().equals(text.strip().toUpperCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new IllegalArgumentException("'tfa_method' must be AUTHENTICATOR, EMAIL or SMS");
    }
}
