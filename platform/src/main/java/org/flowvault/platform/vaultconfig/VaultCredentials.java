package org.flowvault.platform.vaultconfig;

/**
 * The credentials of a configuration's machine or shared identity, as an admin enters them: the
 * AppRole role id and secret id, the userpass/LDAP username and password, a shared token, or the
 * CERT method's client certificate and private key (PEM). Unused fields are null. Write-only: stored
 * encrypted, never returned by the platform (reads say only which are set, see
 * {@link CredentialStatus}); {@link #toString()} masks every value.
 */
public record VaultCredentials(String roleId, String secretId, String username, String password, String token,
                               String certificatePem, String privateKeyPem) {

    /** Credentials without a client certificate. */
    public VaultCredentials(String roleId, String secretId, String username, String password, String token) {
        this(roleId, secretId, username, password, token, null, null);
    }

    public static VaultCredentials appRole(String roleId, String secretId) {
        return new VaultCredentials(roleId, secretId, null, null, null);
    }

    /** For USERPASS and LDAP. */
    public static VaultCredentials login(String username, String password) {
        return new VaultCredentials(null, null, username, password, null);
    }

    public static VaultCredentials sharedToken(String token) {
        return new VaultCredentials(null, null, null, null, token);
    }

    /** For CERT: the client certificate (PEM, optionally followed by its chain) and its unencrypted PKCS#8 private key. */
    public static VaultCredentials certificate(String certificatePem, String privateKeyPem) {
        return new VaultCredentials(null, null, null, null, null, certificatePem, privateKeyPem);
    }

    /** No credentials (USER_TOKEN, KUBERNETES and JWT configurations). */
    public static VaultCredentials none() {
        return new VaultCredentials(null, null, null, null, null);
    }

    @Override
    public String toString() {
        return "VaultCredentials[" + (roleId == null ? "" : "roleId=<masked> ") + (secretId == null ? "" : "secretId=<masked> ")
                + (username == null ? "" : "username=<masked> ") + (password == null ? "" : "password=<masked> ")
                + (token == null ? "" : "token=<masked> ") + (certificatePem == null ? "" : "certificate=<masked> ")
                + (privateKeyPem == null ? "" : "privateKey=<masked>") + "]";
    }
}
