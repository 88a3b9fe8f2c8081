package org.flowvault.platform.credential;

import java.util.List;

/** The names of an entry's fields, as the API, the ciphertexts' associated data and runs use them. */
public final class EntryFields {
    public static final String USER_NAME = "user_name";
    public static final String PASSWORD = "password";
    public static final String TFA_SECRET = "tfa_secret";
    public static final String PROXY = "proxy";
    /** The fields stored as the client's ciphertexts, in the order they are shown. */
    public static final List<String> SECRET = List.of(USER_NAME, PASSWORD, TFA_SECRET, PROXY);
    /** The secret fields a provider-backed entry reads from Vault. */
    public static final List<String> FROM_VAULT = List.of(USER_NAME, PASSWORD, TFA_SECRET);

    private EntryFields() {
    }
}
