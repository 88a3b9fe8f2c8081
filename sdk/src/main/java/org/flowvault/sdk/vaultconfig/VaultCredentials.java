package org.flowvault.sdk.vaultconfig;

import org.flowvault.sdk.Secret;

/**
 * The machine or shared identity of a configuration (write-only: the server never shows them
 * back). Give the pair its auth method needs. {@link #toString()} hides the secrets.
 */
public record VaultCredentials(String roleId, Secret secretId, String username, Secret password, Secret token,
                               String clientCertificate, Secret privateKey) {
    /** Credentials without a client certificate. */
    public VaultCredentials(String roleId, Secret secretId, String username, Secret password, Secret token) {
        this(roleId, secretId, username, password, token, null, null);
    }

    /** For the cert method: the client certificate (PEM) and its unencrypted PKCS#8 private key (PEM). */
    public static VaultCredentials certificate(String certificatePem, Secret privateKeyPem) {
        return new VaultCredentials(null, null, null, null, null, certificatePem, privateKeyPem);
    }

    public static VaultCredentials appRole(String roleId, Secret secretId) {
        return new VaultCredentials(roleId, secretId, null, null, null);
    }

    /** For userpass and LDAP. */
    public static VaultCredentials password(String username, Secret password) {
        return new VaultCredentials(null, null, username, password, null);
    }

    public static VaultCredentials token(Secret token) {
        return new VaultCredentials(null, null, null, null, token);
    }
}
