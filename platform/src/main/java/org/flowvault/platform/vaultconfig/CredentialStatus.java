package org.flowvault.platform.vaultconfig;

/**
 * Which credentials of a configuration are set — never their values.
 *
 * @param roleIdSet      AppRole role id stored
 * @param secretIdSet    AppRole secret id stored
 * @param usernameSet    userpass/LDAP username stored
 * @param passwordSet    userpass/LDAP password stored
 * @param tokenSet       shared token stored
 * @param certificateSet CERT client certificate stored
 * @param privateKeySet  CERT private key stored
 * @param complete       everything the configuration's auth method needs is stored
 */
public record CredentialStatus(boolean roleIdSet, boolean secretIdSet, boolean usernameSet, boolean passwordSet,
                               boolean tokenSet, boolean certificateSet, boolean privateKeySet, boolean complete) {

    /** A status without certificate fields (they are unset). */
    public CredentialStatus(boolean roleIdSet, boolean secretIdSet, boolean usernameSet, boolean passwordSet, boolean tokenSet,
                            boolean complete) {
        this(roleIdSet, secretIdSet, usernameSet, passwordSet, tokenSet, false, false, complete);
    }
}
