package org.flowvault.vault.client.auth;

import java.nio.file.Path;
import java.util.Map;
import org.flowvault.vault.client.internal.LoginResult;
import org.flowvault.vault.client.internal.VaultTransport;

/**
 * Login with Vault's Kubernetes method: {@code POST auth/<mount>/login} with a role and the pod's
 * service-account JWT. The JWT file is read again at every login, since Kubernetes rotates
 * projected tokens in place. Immutable and thread-safe; {@code toString()} shows the mount, role
 * and file, never the JWT.
 *
 * <pre>{@code
 * Authentication auth = KubernetesAuthentication.builder().role("web").build();
 * }</pre>
 *
 * <p>Nulls: arguments are required unless a parameter says null is allowed; results are never
 * null unless documented ("or null").
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/kubernetes#login">Kubernetes auth method: login</a>
 */
public final class KubernetesAuthentication extends Authentication {
    static final String METHOD = "Kubernetes";

    /** Where Kubernetes mounts a pod's service-account token. */
    public static final Path DEFAULT_JWT_FILE = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

    private final String mount;
    private final String role;
    private final JwtSource jwt;

    private KubernetesAuthentication(Builder b) {
        super(b.namespace);
        this.mount = b.mount;
        this.role = b.role;
        this.jwt = JwtSource.file(b.jwtFile);
    }

    /** A builder with Vault's defaults; {@code build()} checks the options and names what is missing. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the JWT file and logs in.
     *
     * @throws org.flowvault.vault.client.VaultException.LoginFailed when the file cannot be read or
     *         Vault refuses the role or JWT
     */
    @Override
    LoginResult login(VaultTransport transport) {
        String token = jwt.read(METHOD + " login at auth/" + mount, "auth/" + mount + "/login");
        return Logins.login(transport, METHOD, mount, "login", Map.of("role", role, "jwt", token), namespace());
    }

    /** True: every login gets a fresh token. */
    @Override
    public boolean canLogIn() {
        return true;
    }

    @Override
    public String toString() {
        return "KubernetesAuthentication[mount=" + mount + ", role=" + role + ", jwtFile=" + jwt
                + describeNamespace() + "]";
    }

    /** Collects the options; {@link #build()} checks them. Not thread-safe. */
    public static final class Builder extends LoginBuilder<Builder> {
        private String role;
        private Path jwtFile = DEFAULT_JWT_FILE;

        private Builder() {
            super("kubernetes");
        }

        /** The Vault role to log in as; required. */
        public Builder role(String role) {
            this.role = role;
            return this;
        }

        /** The service-account token file: {@link #DEFAULT_JWT_FILE} unless set. */
        public Builder jwtFile(Path file) {
            this.jwtFile = file;
            return this;
        }

        /** @throws IllegalArgumentException naming the missing option */
        public KubernetesAuthentication build() {
            checkTarget(METHOD);
            Logins.required(METHOD, role, "a role", "role(..) with the Vault role bound to the service account");
            if (jwtFile == null) {
                throw new IllegalArgumentException("Kubernetes authentication needs a JWT file: call jwtFile(..) or leave the default "
                        + DEFAULT_JWT_FILE);
            }
            return new KubernetesAuthentication(this);
        }
    }
}
