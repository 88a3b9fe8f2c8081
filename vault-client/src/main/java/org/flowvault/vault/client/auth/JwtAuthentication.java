package org.flowvault.vault.client.auth;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.flowvault.vault.client.internal.LoginResult;
import org.flowvault.vault.client.internal.VaultTransport;

/**
 * Login with Vault's JWT/OIDC method using a JWT the caller already has (a CI job's ID token, a
 * workload identity): {@code POST auth/<mount>/login} with the role and the JWT. A JWT file is
 * read again at every login. Without a role, Vault uses the mount's {@code default_role}.
 * Immutable and thread-safe; {@code toString()} shows the mount and role, never the JWT.
 *
 * <pre>{@code
 * Authentication auth = JwtAuthentication.builder().role("ci").jwtFile(Path.of("/run/id-token")).build();
 * }</pre>
 *
 * <p>Nulls: arguments are required unless a parameter says null is allowed; results are never
 * null unless documented ("or null").
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/jwt#jwt-login">JWT/OIDC auth method: JWT login</a>
 */
public final class JwtAuthentication extends Authentication {
    static final String METHOD = "JWT";

    private final String mount;
    private final String role;
    private final JwtSource jwt;

    private JwtAuthentication(Builder b) {
        super(b.namespace);
        this.mount = b.mount;
        this.role = b.role;
        this.jwt = b.jwtFile != null ? JwtSource.file(b.jwtFile) : JwtSource.of(b.jwt);
    }

    /** A builder with Vault's defaults; {@code build()} checks the options and names what is missing. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Logs in with the role and JWT.
     *
     * @throws org.flowvault.vault.client.VaultException.LoginFailed when a JWT file cannot be read
     *         or Vault refuses the role or JWT
     */
    @Override
    LoginResult login(VaultTransport transport) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (role != null) {
            body.put("role", role);
        }
        body.put("jwt", jwt.read(METHOD + " login at auth/" + mount, "auth/" + mount + "/login"));
        return Logins.login(transport, METHOD, mount, "login", body, namespace());
    }

    /** True: every login gets a fresh token (a fixed JWT may of course have expired by then). */
    @Override
    public boolean canLogIn() {
        return true;
    }

    @Override
    public String toString() {
        return "JwtAuthentication[mount=" + mount + ", role=" + (role == null ? "<default>" : role) + ", jwt=" + jwt
                + describeNamespace() + "]";
    }

    /** Collects the options; {@link #build()} checks them. Not thread-safe. */
    public static final class Builder extends LoginBuilder<Builder> {
        private String role;
        private String jwt;
        private Path jwtFile;

        private Builder() {
            super("jwt");
        }

        /** The Vault role; optional (the mount's default_role when absent). */
        public Builder role(String role) {
            this.role = role;
            return this;
        }

        /** A fixed JWT; this or {@link #jwtFile} is required. */
        public Builder jwt(String jwt) {
            this.jwt = jwt;
            return this;
        }

        /** A file holding the JWT, read at every login; this or {@link #jwt} is required. */
        public Builder jwtFile(Path file) {
            this.jwtFile = file;
            return this;
        }

        /** @throws IllegalArgumentException naming the missing or conflicting option */
        public JwtAuthentication build() {
            checkTarget(METHOD);
            if (role != null) {
                Logins.required(METHOD, role, "a non-blank role", "role(..), or leave it out for the mount's default_role");
            }
            if (jwt != null && jwtFile != null) {
                throw new IllegalArgumentException("JWT authentication takes jwt(..) or jwtFile(..), not both");
            }
            if (jwtFile == null) {
                Logins.required(METHOD, jwt, "a JWT", "jwt(..) with the token, or jwtFile(..) with the file that holds it");
            }
            return new JwtAuthentication(this);
        }
    }
}
