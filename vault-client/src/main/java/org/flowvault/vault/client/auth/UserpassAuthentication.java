package org.flowvault.vault.client.auth;

import org.flowvault.vault.client.internal.VaultTransport;

/**
 * Login with Vault's userpass method: users and passwords kept by Vault itself:
 * {@code POST auth/<mount>/login/<username>} with the password. Immutable and thread-safe;
 * {@code toString()} shows the mount and user name, never the password.
 *
 * <pre>{@code
 * Authentication auth = UserpassAuthentication.builder().username("alice").password(password).build();
 * }</pre>
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/userpass#login">Userpass auth method: login</a>
 */
public final class UserpassAuthentication implements Authentication {
    static final String METHOD = "userpass";

    private final PasswordLogin login;

    private UserpassAuthentication(PasswordLogin login) {
        this.login = login;
    }

    /** A builder with Vault's defaults; {@code build()} checks the options and names what is missing. */
    public static Builder builder() {
        return new Builder();
    }

    /** @throws org.flowvault.vault.client.VaultException.LoginFailed with Vault's message for a wrong user or password */
    @Override
    public LoginResult login(VaultTransport transport) {
        return login.login(transport);
    }

    /** True: every login gets a fresh token. */
    @Override
    public boolean canLogIn() {
        return true;
    }

    @Override
    public String namespace() {
        return login.namespace();
    }

    @Override
    public String toString() {
        return login.describe("UserpassAuthentication");
    }

    /** Collects the options; {@link #build()} checks them. Not thread-safe. */
    public static final class Builder {
        private String mount = "userpass";
        private String namespace;
        private String username;
        private String password;

        private Builder() {
        }

        /** Where the method is mounted, without {@code auth/}: "userpass" by default. */
        public Builder mount(String mount) {
            this.mount = mount;
            return this;
        }

        /** The namespace to log in in: null (default) for the transport's, "" for the root. */
        public Builder namespace(String namespace) {
            this.namespace = namespace;
            return this;
        }

        /** The user name; required. */
        public Builder username(String username) {
            this.username = username;
            return this;
        }

        /** The password; required. */
        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /** @throws IllegalArgumentException naming the missing option */
        public UserpassAuthentication build() {
            return new UserpassAuthentication(PasswordLogin.checked(METHOD, mount, namespace, username, password));
        }
    }
}
