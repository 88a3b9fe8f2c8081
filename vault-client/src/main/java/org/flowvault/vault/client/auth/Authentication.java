package org.flowvault.vault.client.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.flowvault.vault.client.VaultException;
import org.flowvault.vault.client.VaultToken;
import org.flowvault.vault.client.internal.Access;
import org.flowvault.vault.client.internal.LoginResult;
import org.flowvault.vault.client.internal.VaultTransport;

/**
 * How the client obtains its token, and the one entry point to every method: a given token
 * ({@link #token(VaultToken)}), or a login — {@link #appRole()}, {@link #userpass()},
 * {@link #ldap()}, {@link #cert()}, {@link #kubernetes()}, {@link #jwt()}. Each factory returns a
 * builder that checks its options in {@code build()}; the login builders share
 * {@link LoginBuilder} for the mount and namespace. Pass the result to
 * {@link org.flowvault.vault.client.core.VaultClient.Builder#authentication}; the client logs in
 * lazily, renews the token, logs in again when it can no longer be renewed, and revokes a token it
 * obtained on close.
 *
 * <pre>{@code
 * Authentication auth = Authentication.appRole().roleId(roleId).secretId(secretId).build();
 * }</pre>
 *
 * <p>The set of methods is closed (the constructor is package-private): the login call itself is
 * the client's business, so the transport never appears in the API. Implementations are
 * immutable (apart from caches they document), thread-safe, and hold their credentials without
 * ever printing them: {@code toString()} shows the method, mount and non-secret settings only.
 * Builders are not thread-safe and throw {@link IllegalArgumentException} naming the missing or
 * malformed option. A refused login raises {@link VaultException.LoginFailed} naming the method
 * and mount with Vault's errors, never a credential.
 *
 * <p>Nulls: arguments are required unless a parameter says null is allowed; results are never
 * null unless documented ("or null").
 */
public abstract class Authentication {
    static {
        Access.login((authentication, transport) -> ((Authentication) authentication).login(transport));
    }

    private final String namespace;

    Authentication(String namespace) {
        this.namespace = namespace;
    }

    /**
     * Logs in (or validates a given token) and returns the token with its lease.
     *
     * @throws org.flowvault.vault.client.VaultException.LoginFailed when Vault refuses the
     *         credentials or the request
     * @throws org.flowvault.vault.client.VaultException.Unavailable or
     *         {@link org.flowvault.vault.client.VaultException.Sealed} when Vault could not be
     *         asked: a later attempt may succeed
     */
    abstract LoginResult login(VaultTransport transport);

    /** Authentication with {@code token}, in the client's namespace: validated, never renewed by login, never revoked. */
    public static Token token(VaultToken token) {
        return token().token(token).build();
    }

    /** A builder for a given token, for a token that lives in another namespace. */
    public static Token.Builder token() {
        return new Token.Builder();
    }

    /** A builder for Vault's AppRole method, mounted at "approle" unless {@code mount(..)} says otherwise. */
    public static AppRole.Builder appRole() {
        return new AppRole.Builder();
    }

    /** A builder for Vault's userpass method, mounted at "userpass" unless {@code mount(..)} says otherwise. */
    public static Password.Builder userpass() {
        return new Password.Builder("userpass", "userpass");
    }

    /** A builder for Vault's LDAP method, mounted at "ldap" unless {@code mount(..)} says otherwise. */
    public static Password.Builder ldap() {
        return new Password.Builder("LDAP", "ldap");
    }

    /** A builder for Vault's TLS certificate method, mounted at "cert"; {@code cert().build()} tries every certificate role. */
    public static Cert.Builder cert() {
        return new Cert.Builder();
    }

    /** A builder for Vault's Kubernetes method, mounted at "kubernetes", reading the service account token file by default. */
    public static Kubernetes.Builder kubernetes() {
        return new Kubernetes.Builder();
    }

    /** A builder for Vault's JWT method, mounted at "jwt" unless {@code mount(..)} says otherwise. */
    public static Jwt.Builder jwt() {
        return new Jwt.Builder();
    }

    /** Whether the client can log in again to get a fresh token (false for a given token). */
    public abstract boolean canLogIn();

    /**
     * The namespace to log in in (Vault Enterprise / OpenBao), which is also where the token
     * lives and is renewed and revoked: {@code null} for the client's configured namespace,
     * {@code ""} for the root namespace. Data calls may use another (child) namespace.
     */
    public final String namespace() {
        return namespace;
    }

    /** The namespace for {@code toString()}: nothing when it is the client's. */
    final String describeNamespace() {
        return namespace == null ? "" : ", namespace=" + namespace;
    }

    /**
     * The options every login method shares — where the method is mounted and the namespace to log
     * in in — with Vault's default mount for the method. Not thread-safe; {@code build()} checks.
     *
     * @param <B> the concrete builder, returned for chaining
     */
    public abstract static class LoginBuilder<B extends LoginBuilder<B>> {
        String mount;
        String namespace;

        LoginBuilder(String defaultMount) {
            this.mount = defaultMount;
        }

        /** Where the method is mounted, without {@code auth/}; the method's Vault default unless set. */
        public final B mount(String mount) {
            this.mount = mount;
            return self();
        }

        /** The namespace to log in in: null (default) for the client's, "" (or "root") for the root namespace. */
        public final B namespace(String namespace) {
            this.namespace = namespace;
            return self();
        }

        /** Checks and normalizes the mount and namespace; @throws IllegalArgumentException naming the bad option */
        final void checkTarget(String method) {
            mount = Logins.mount(method, mount);
            namespace = Logins.namespace(namespace);
        }

        @SuppressWarnings("unchecked")
        private B self() {
            return (B) this;
        }
    }

    /**
     * A token the caller already has (a user's own token, {@code VAULT_TOKEN}). {@link #login} does
     * not create anything: it validates the token with {@code auth/token/lookup-self} and learns its
     * TTL, renewability and policies. Such a token cannot be obtained again, so {@link #canLogIn()} is
     * false, and a session never revokes it. Immutable and thread-safe.
     *
     * <pre>{@code
     * Authentication auth = Authentication.token(VaultToken.of(System.getenv("VAULT_TOKEN")));
     * }</pre>
     *
     * <p>Nulls: arguments are required unless a parameter says null is allowed; results are never
     * null unless documented ("or null").
     *
     * @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/token#lookup-a-token-self">Lookup a token (self)</a>
     */
    public static final class Token extends Authentication {
        static final String METHOD = "token";
        private static final String PATH = "auth/token/lookup-self";

        private final VaultToken token;

        private Token(Builder b) {
            super(b.namespace);
            this.token = b.token;
        }



        /**
         * Looks the token up ({@code GET auth/token/lookup-self}) and returns it with its lease.
         *
         * @throws VaultException.LoginFailed when Vault does not know the token (expired, revoked)
         *         or refuses the lookup
         */
        @Override
        LoginResult login(VaultTransport transport) {
            JsonNode response = Logins.call(transport, "token lookup-self at auth/token", "GET", PATH, null, token.value(), namespace());
            JsonNode data = response == null ? null : response.get("data");
            if (data == null || !data.isObject()) {
                throw new VaultException.LoginFailed("token lookup-self at auth/token" + Logins.where(namespace())
                        + " returned no data", 200, PATH, List.of(), null);
            }
            return new LoginResult(token, Duration.ofSeconds(data.path("ttl").asLong()), data.path("renewable").asBoolean(),
                    Logins.policies(data), false);
        }

        /** False: a given token cannot be obtained again. */
        @Override
        public boolean canLogIn() {
            return false;
        }

        @Override
        public String toString() {
            return "TokenAuthentication[token=<masked>" + describeNamespace() + "]";
        }

        /** Collects the options; {@link #build()} checks them. Not thread-safe. */
        public static final class Builder {
            private VaultToken token;
            private String namespace;

            private Builder() {
            }

            /** The token to use; required. */
            public Builder token(VaultToken token) {
                this.token = token;
                return this;
            }

            /**
             * The namespace the token belongs to, where it is looked up, renewed and revoked: null
             * (the default) for the transport's, "" for the root namespace.
             */
            public Builder namespace(String namespace) {
                this.namespace = namespace;
                return this;
            }

            /** @throws IllegalArgumentException when no token was given */
            public Token build() {
                if (token == null) {
                    throw new IllegalArgumentException("Token authentication needs a token: call token(VaultToken.of(..))");
                }
                namespace = Logins.namespace(namespace);
                return new Token(this);
            }
        }
    }

    /**
     * Login with Vault's AppRole method: {@code POST auth/<mount>/login} with a role id and a secret
     * id. Three ways to get them, which combine:
     * <ul>
     *   <li><b>push</b> — both given: {@code roleId("..").secretId("..")};</li>
     *   <li><b>pull</b> — {@code pull("web", initialToken)}: before each login the role id is read from
     *       {@code auth/<mount>/role/web/role-id} and a fresh secret id generated at
     *       {@code auth/<mount>/role/web/secret-id}, both with the initial token (Spring Vault's pull
     *       mode); a role id or secret id given as well is used instead of pulling it;</li>
     *   <li><b>wrapped</b> — {@code wrappedSecretId(wrappingToken)}: the secret id is unwrapped with
     *       {@code sys/wrapping/unwrap} at the first login and kept in memory for later logins, since
     *       a wrapping token works only once.</li>
     * </ul>
     * A role with {@code bind_secret_id=false} logs in with its role id alone: {@code withoutSecretId()}.
     *
     * <pre>{@code
     * Authentication auth = Authentication.appRole()
     *         .roleId(roleId).secretId(secretId)
     *         .build();
     * }</pre>
     *
     * Immutable and thread-safe (the unwrapped secret id is cached atomically). {@code toString()}
     * shows the mount and role name, never the role id, secret id or tokens.
     *
     * <p>Nulls: arguments are required unless a parameter says null is allowed; results are never
     * null unless documented ("or null").
     *
     * @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/approle">AppRole auth method (API)</a>
     */
    public static final class AppRole extends Authentication {
        static final String METHOD = "AppRole";

        private final String mount;
        private final String roleId;
        private final String secretId;
        private final VaultToken wrappedSecretId;
        private final String roleName;
        private final VaultToken initialToken;
        private final boolean withoutSecretId;
        private final AtomicReference<String> unwrapped = new AtomicReference<>();

        private AppRole(Builder b) {
            super(b.namespace);
            this.mount = b.mount;
            this.roleId = b.roleId;
            this.secretId = b.secretId;
            this.wrappedSecretId = b.wrappedSecretId;
            this.roleName = b.roleName;
            this.initialToken = b.initialToken;
            this.withoutSecretId = b.withoutSecretId;
        }


        /**
         * Gets the role id and secret id as configured (pulling or unwrapping them first when asked)
         * and logs in.
         *
         * @throws org.flowvault.vault.client.VaultException.LoginFailed when Vault refuses a step; the
         *         message names the step (role-id read, secret-id generation, unwrap, login)
         */
        @Override
        LoginResult login(VaultTransport transport) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("role_id", roleId != null ? roleId : pullRoleId(transport));
            String secret = secretId(transport);
            if (secret != null) {
                body.put("secret_id", secret);
            }
            return Logins.login(transport, METHOD, mount, "login", body, namespace());
        }

        private String pullRoleId(VaultTransport transport) {
            String path = "auth/" + mount + "/role/" + roleName + "/role-id";
            String what = "AppRole role-id read for role " + roleName + " at auth/" + mount;
            JsonNode r = Logins.call(transport, what, "GET", path, null, initialToken.value(), namespace());
            return Logins.dataField(r, "role_id", what, path, namespace());
        }

        private String secretId(VaultTransport transport) {
            if (secretId != null) {
                return secretId;
            }
            if (wrappedSecretId != null) {
                String cached = unwrapped.get();
                if (cached != null) {
                    return cached;
                }
                String path = "sys/wrapping/unwrap";
                String what = "AppRole secret-id unwrap at sys/wrapping/unwrap for auth/" + mount;
                JsonNode r = Logins.call(transport, what, "POST", path, null, wrappedSecretId.value(), namespace());
                String value = Logins.dataField(r, "secret_id", what, path, namespace());
                unwrapped.compareAndSet(null, value);
                return unwrapped.get();
            }
            if (withoutSecretId) {
                return null;
            }
            String path = "auth/" + mount + "/role/" + roleName + "/secret-id";
            String what = "AppRole secret-id generation for role " + roleName + " at auth/" + mount;
            JsonNode r = Logins.call(transport, what, "POST", path, Map.of(), initialToken.value(), namespace());
            return Logins.dataField(r, "secret_id", what, path, namespace());
        }

        /** True: every login gets a fresh token. */
        @Override
        public boolean canLogIn() {
            return true;
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("AppRoleAuthentication[mount=").append(mount);
            if (roleName != null) {
                sb.append(", role=").append(roleName);
            }
            sb.append(", roleId=").append(roleId != null ? "<masked>" : "pulled");
            sb.append(", secretId=").append(secretId != null ? "<masked>" : wrappedSecretId != null ? "wrapped"
                    : withoutSecretId ? "none" : "pulled");
            return sb.append(describeNamespace()).append(']').toString();
        }

        /** Collects the options; {@link #build()} checks them. Not thread-safe. */
        public static final class Builder extends LoginBuilder<Builder> {
            private String roleId;
            private String secretId;
            private VaultToken wrappedSecretId;
            private String roleName;
            private VaultToken initialToken;
            private boolean withoutSecretId;

            private Builder() {
                super("approle");
            }

            /** The role id (push mode). */
            public Builder roleId(String roleId) {
                this.roleId = roleId;
                return this;
            }

            /** The secret id (push mode). */
            public Builder secretId(String secretId) {
                this.secretId = secretId;
                return this;
            }

            /** A response-wrapping token whose wrapped data holds {@code secret_id}. */
            public Builder wrappedSecretId(VaultToken wrappingToken) {
                this.wrappedSecretId = wrappingToken;
                return this;
            }

            /**
             * Pull mode: read the role id and generate a secret id of role {@code roleName} with
             * {@code initialToken} before each login (what a role id or secret id given as well
             * replaces). The initial token needs read on {@code role/<name>/role-id} and update on
             * {@code role/<name>/secret-id}.
             */
            public Builder pull(String roleName, VaultToken initialToken) {
                this.roleName = roleName;
                this.initialToken = initialToken;
                return this;
            }

            /** Logs in with the role id alone, for a role with {@code bind_secret_id=false}. */
            public Builder withoutSecretId() {
                this.withoutSecretId = true;
                return this;
            }

            /** @throws IllegalArgumentException naming the missing or conflicting option */
            public AppRole build() {
                checkTarget(METHOD);
                boolean pulling = roleName != null || initialToken != null;
                if (pulling) {
                    Logins.segment(METHOD, roleName, "a role name to pull from", "pull(roleName, initialToken)");
                    if (initialToken == null) {
                        throw new IllegalArgumentException("AppRole authentication pulls with a token: pass the initial token to pull(roleName, initialToken)");
                    }
                }
                if (roleId == null && !pulling) {
                    throw new IllegalArgumentException("AppRole authentication needs a role id: call roleId(..), or pull(roleName, initialToken) to read it");
                }
                if (roleId != null) {
                    Logins.required(METHOD, roleId, "a non-blank role id", "roleId(..) with the role's role_id");
                }
                if (secretId != null) {
                    Logins.required(METHOD, secretId, "a non-blank secret id", "secretId(..) with a secret_id of the role");
                }
                int sources = (secretId != null ? 1 : 0) + (wrappedSecretId != null ? 1 : 0) + (withoutSecretId ? 1 : 0);
                if (sources > 1) {
                    throw new IllegalArgumentException("AppRole authentication takes one of secretId(..), wrappedSecretId(..) and withoutSecretId(), not several");
                }
                if (sources == 0 && !pulling) {
                    throw new IllegalArgumentException("AppRole authentication needs a secret id: call secretId(..), wrappedSecretId(..), "
                            + "pull(roleName, initialToken), or withoutSecretId() for a role with bind_secret_id=false");
                }
                return new AppRole(this);
            }
        }
    }

    /**
     * Login with a user name and password: Vault's userpass method ({@link Authentication#userpass()}, users kept by
     * Vault) or LDAP method ({@link Authentication#ldap()}, Vault binds to the directory as the user). Both send
     * {@code POST auth/<mount>/login/<username>} with the password. Immutable and thread-safe;
     * {@code toString()} shows the method, mount and user name, never the password.
     *
     * <pre>{@code
     * Authentication auth = Authentication.userpass().username("alice").password(password).build();
     * Authentication ldap = Authentication.ldap().mount("corp-ldap").username("alice").password(password).build();
     * }</pre>
     *
     * <p>Nulls: arguments are required unless a parameter says null is allowed; results are never
     * null unless documented ("or null").
     *
     * @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/userpass#login">Userpass auth method: login</a>
     * @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/ldap#login-with-ldap-user">LDAP auth method: login</a>
     */
    public static final class Password extends Authentication {
        private final String method;
        private final String mount;
        private final String username;
        private final String password;

        private Password(Builder b) {
            super(b.namespace);
            this.method = b.method;
            this.mount = b.mount;
            this.username = b.username;
            this.password = b.password;
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
            public Password build() {
                checkTarget(method);
                Logins.segment(method, username, "a username", "username(..)");
                if (password == null || password.isEmpty()) {
                    throw new IllegalArgumentException(method + " authentication needs a password: call password(..)");
                }
                return new Password(this);
            }
        }
    }

    /**
     * Login with Vault's TLS certificate method: {@code POST auth/<mount>/login}, optionally naming
     * the certificate role to match. The client certificate itself is presented by the TLS layer, so
     * the transport must be configured with it (a key store in the client configuration); this class
     * holds no secret. Immutable and thread-safe.
     *
     * <pre>{@code
     * Authentication auth = Authentication.cert().role("web").build();
     * }</pre>
     *
     * <p>Nulls: arguments are required unless a parameter says null is allowed; results are never
     * null unless documented ("or null").
     *
     * @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/cert#login-with-tls-certificate-method">TLS certificate auth method: login</a>
     */
    public static final class Cert extends Authentication {
        static final String METHOD = "TLS certificate";

        private final String mount;
        private final String role;

        private Cert(Builder b) {
            super(b.namespace);
            this.mount = b.mount;
            this.role = b.role;
        }



        /** @throws org.flowvault.vault.client.VaultException.LoginFailed when Vault does not accept the certificate */
        @Override
        LoginResult login(VaultTransport transport) {
            return Logins.login(transport, METHOD, mount, "login", role == null ? Map.of() : Map.of("name", role), namespace());
        }

        /** True: every login gets a fresh token. */
        @Override
        public boolean canLogIn() {
            return true;
        }

        @Override
        public String toString() {
            return "CertAuthentication[mount=" + mount + (role == null ? "" : ", role=" + role)
                    + describeNamespace() + "]";
        }

        /** Collects the options; {@link #build()} checks them. Not thread-safe. */
        public static final class Builder extends LoginBuilder<Builder> {
            private String role;

            private Builder() {
                super("cert");
            }

            /** The certificate role to match (Vault's {@code name}); optional: all roles are tried without it. */
            public Builder role(String role) {
                this.role = role;
                return this;
            }

            /** @throws IllegalArgumentException for an invalid mount or a blank role */
            public Cert build() {
                checkTarget(METHOD);
                if (role != null) {
                    Logins.required(METHOD, role, "a non-blank role", "role(..), or leave it out to try every certificate role");
                }
                return new Cert(this);
            }
        }
    }

    /**
     * Login with Vault's Kubernetes method: {@code POST auth/<mount>/login} with a role and the pod's
     * service-account JWT. The JWT file is read again at every login, since Kubernetes rotates
     * projected tokens in place. Immutable and thread-safe; {@code toString()} shows the mount, role
     * and file, never the JWT.
     *
     * <pre>{@code
     * Authentication auth = Authentication.kubernetes().role("web").build();
     * }</pre>
     *
     * <p>Nulls: arguments are required unless a parameter says null is allowed; results are never
     * null unless documented ("or null").
     *
     * @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/kubernetes#login">Kubernetes auth method: login</a>
     */
    public static final class Kubernetes extends Authentication {
        static final String METHOD = "Kubernetes";

        /** Where Kubernetes mounts a pod's service-account token. */
        public static final Path DEFAULT_JWT_FILE = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

        private final String mount;
        private final String role;
        private final JwtSource jwt;

        private Kubernetes(Builder b) {
            super(b.namespace);
            this.mount = b.mount;
            this.role = b.role;
            this.jwt = JwtSource.file(b.jwtFile);
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
            public Kubernetes build() {
                checkTarget(METHOD);
                Logins.required(METHOD, role, "a role", "role(..) with the Vault role bound to the service account");
                if (jwtFile == null) {
                    throw new IllegalArgumentException("Kubernetes authentication needs a JWT file: call jwtFile(..) or leave the default "
                            + DEFAULT_JWT_FILE);
                }
                return new Kubernetes(this);
            }
        }
    }

    /**
     * Login with Vault's JWT/OIDC method using a JWT the caller already has (a CI job's ID token, a
     * workload identity): {@code POST auth/<mount>/login} with the role and the JWT. A JWT file is
     * read again at every login. Without a role, Vault uses the mount's {@code default_role}.
     * Immutable and thread-safe; {@code toString()} shows the mount and role, never the JWT.
     *
     * <pre>{@code
     * Authentication auth = Authentication.jwt().role("ci").jwtFile(Path.of("/run/id-token")).build();
     * }</pre>
     *
     * <p>Nulls: arguments are required unless a parameter says null is allowed; results are never
     * null unless documented ("or null").
     *
     * @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/jwt#jwt-login">JWT/OIDC auth method: JWT login</a>
     */
    public static final class Jwt extends Authentication {
        static final String METHOD = "JWT";

        private final String mount;
        private final String role;
        private final JwtSource jwt;

        private Jwt(Builder b) {
            super(b.namespace);
            this.mount = b.mount;
            this.role = b.role;
            this.jwt = b.jwtFile != null ? JwtSource.file(b.jwtFile) : JwtSource.of(b.jwt);
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
            public Jwt build() {
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
                return new Jwt(this);
            }
        }
    }
}
