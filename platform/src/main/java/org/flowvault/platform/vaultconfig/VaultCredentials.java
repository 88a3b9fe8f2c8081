package org.flowvault.platform.vaultconfig;

/**
 * The credentials of a configuration's machine or shared identity, as an admin enters them: the
 * AppRole role id and secret id, the userpass/LDAP username and password, or a shared token.
 * Unused fields are null. Write-only: stored encrypted, never returned by the platform (reads say
 * only which are set, see {@link CredentialStatus}); {@link #toString()} masks every value.
 */
public record VaultCredentials(String roleId, String secretId, String username, String password, String token) {

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

    /** No credentials (USER_TOKEN configurations). */
    public static VaultCredentials none() {
        return new VaultCredentials(null, null, null, null, null);
    }

    @Override
    public String toString() {
        return "VaultCredentials[" + (roleId == null ? "" : "roleId=<masked> ") + (secretId == null ? "" : "secretId=<masked> ")
                + (username == null ? "" : "username=<masked> ") + (password == null ? "" : "password=<masked> ")
                + (token == null ? "" : "token=<masked>") + "]";
    }
}
