package org.flowvault.sdk.credential;

/**
 * Which entries {@link CredentialOperations#get(CredentialFilter)} returns: all of the project's,
 * or the one of a domain and permissioned user id (given together, as in the seed product), and
 * whether the SDK decrypts their fields with its credential key.
 *
 * @param domain             the domain, or null for every entry
 * @param permissionedUserId the permissioned user id, or null for every entry
 * @param decryptCredentials whether to decrypt the secret fields (default true); false returns
 *                           the ciphertexts only ({@link Credential#ciphertexts()}) and needs no key
 */
public record CredentialFilter(String domain, String permissionedUserId, boolean decryptCredentials) {
    public CredentialFilter {
        boolean hasDomain = domain != null && !domain.isBlank();
        boolean hasUser = permissionedUserId != null && !permissionedUserId.isBlank();
        if (hasDomain != hasUser) {
            throw new IllegalArgumentException("a credential filter gives domain and permissionedUserId together, or neither (for every entry)");
        }
        if (!hasDomain) {
            domain = null;
            permissionedUserId = null;
        }
    }

    /** Every entry, decrypted. */
    public static CredentialFilter all() {
        return new CredentialFilter(null, null, true);
    }

    /** The entry of {@code domain} and {@code permissionedUserId}, decrypted. */
    public static CredentialFilter of(String domain, String permissionedUserId) {
        return new CredentialFilter(domain, permissionedUserId, true);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** This filter, with or without decryption. */
    public CredentialFilter withDecryptCredentials(boolean decrypt) {
        return new CredentialFilter(domain, permissionedUserId, decrypt);
    }

    /** Builds a filter; {@link #build()} checks that domain and permissioned user id come together. */
    public static final class Builder {
        private String domain;
        private String permissionedUserId;
        private boolean decryptCredentials = true;

        private Builder() {
        }

        public Builder domain(String domain) {
            this.domain = domain;
            return this;
        }

        public Builder permissionedUserId(String permissionedUserId) {
            this.permissionedUserId = permissionedUserId;
            return this;
        }

        public Builder decryptCredentials(boolean decryptCredentials) {
            this.decryptCredentials = decryptCredentials;
            return this;
        }

        /** @throws IllegalArgumentException when only one of domain and permissioned user id is given */
        public CredentialFilter build() {
            return new CredentialFilter(domain, permissionedUserId, decryptCredentials);
        }
    }
}
