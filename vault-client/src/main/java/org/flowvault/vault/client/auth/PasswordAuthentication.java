package org.flowvault.vault.client.auth;

import java.util.Map;
import org.flowvault.vault.client.internal.LoginResult;
import org.flowvault.vault.client.internal.VaultTransport;

/**
 * Login with a user name and password: Vault's userpass method ({@link #userpass()}, users kept by
 * Vault) or LDAP method ({@link #ldap()}, Vault binds to the directory as the user). Both send
 * {@code POST auth/<mount>/login/<username>} with the password. Immutable and thread-safe;
 * {@code toString()} shows the method, mount and user name, never the password.
 *
 * <pre>{@code
 * Authentication auth = PasswordAuthentication.userpass().username("alice").password(password).build();
 * Authentication ldap = PasswordAuthentication.ldap().mount("corp-ldap").username("alice").password(password).build();
 * }</pre>
 *
 * <p>Nulls: arguments are required unless a parameter says null is allowed; results are never
 * null unless documented ("or null").
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/userpass#login">Userpass auth method: login</a>
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/ldap#login-with-ldap-user">LDAP auth method: login</a>
 */
public final class PasswordAuthentication extends Authentication {
    private final String method;
    private final String mount;
    private final String username;
    private final String password;

    private PasswordAuthentication(Builder b) {
        super(b.namespace);
        this.method = b.method;
        this.mount = b.mount;
        this.username = b.username;
        this.password = b.password;
    }

    /** A builder for Vault's userpass method, mounted at "userpass" unless {@code mount(..)} says otherwise. */
    public static Builder userpass() {
        return new Builder("userpass", "userpass");
    }

    /** A builder for Vault's LDAP method, mounted at "ldap" unless {@code mount(..)} says otherwise. */
    public static Builder ldap() {
        return new Builder("LDAP", "ldap");
    }

    /** @throws org.flowvault.vault.client.VaultException.LoginFailed with Vault's message for a wrong user or password */
    @Override
    LoginResult login(VaultTransport transport) {
        return Logins.login(transport, method, mount, "login/" + username, Map.of("password", password), namespace());
    }

    /** True: every login gets a fresh token. */
    @Override
    public boolean canLogIn() {
        return true;
    }

    @Override
    public String toString() {
        return "PasswordAuthentication[method=" + method + ", mount=" + mount + ", username=" + username + ", password=<masked>"
                + describeNamespace() + "]";
    }

    /** Collects the options; {@link #build()} checks them. Not thread-safe. */
    public static final class Builder extends LoginBuilder<Builder> {
        private final String method;
        private String username;
        private String password;

        private Builder(String method, String defaultMount) {
            super(defaultMount);
            this.method = method;
        }

        /** The user name; required, and without '/'. */
        public Builder username(String username) {
            this.username = username;
            return this;
        }

        /** The password; required. */
        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /** @throws IllegalArgumentException naming the missing or malformed option */
        public PasswordAuthentication build() {
            checkTarget(method);
            Logins.segment(method, username, "a username", "username(..)");
            if (password == null || password.isEmpty()) {
                throw new IllegalArgumentException(method + " authentication needs a password: call password(..)");
            }
            return new PasswordAuthentication(this);
        }
    }
}
