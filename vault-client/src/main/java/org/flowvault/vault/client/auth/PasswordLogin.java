package org.flowvault.vault.client.auth;

import java.util.Map;
import org.flowvault.vault.client.internal.VaultTransport;

/**
 * What the user-name-and-password methods (userpass, LDAP) share: checked options and the login
 * call {@code POST auth/<mount>/login/<username>} with the password. {@code toString()} never
 * shows the password.
 */
record PasswordLogin(String method, String mount, String namespace, String username, String password) {

    /** @throws IllegalArgumentException naming the missing or malformed option */
    static PasswordLogin checked(String method, String mount, String namespace, String username, String password) {
        String m = Logins.mount(method, mount);
        String ns = Logins.namespace(namespace);
        Logins.segment(method, username, "a username", "username(..)");
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException(method + " authentication needs a password: call password(..)");
        }
        return new PasswordLogin(method, m, ns, username, password);
    }

    LoginResult login(VaultTransport transport) {
        return Logins.login(transport, method, mount, "login/" + username, Map.of("password", password), namespace);
    }

    /** The description of an authentication named {@code type}, without the password. */
    String describe(String type) {
        return type + "[mount=" + mount + ", username=" + username + ", password=<masked>"
                + (namespace == null ? "" : ", namespace=" + namespace) + "]";
    }

    @Override
    public String toString() {
        return describe("PasswordLogin");
    }
}
