package org.flowvault.sdk.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.flowvault.sdk.FlowvaultException;
import org.flowvault.sdk.Secret;
import org.flowvault.sdk.audit.AuditOperations;
import org.flowvault.sdk.connection.ConnectionOperations;
import org.flowvault.sdk.credential.CredentialKey;
import org.flowvault.sdk.credential.CredentialOperations;
import org.flowvault.sdk.credential.FieldFormat;
import org.flowvault.sdk.flow.FlowOperations;
import org.flowvault.sdk.flow.RunOperations;
import org.flowvault.sdk.identity.ApiKeyOperations;
import org.flowvault.sdk.identity.Me;
import org.flowvault.sdk.identity.ProjectOperations;
import org.flowvault.sdk.identity.Session;
import org.flowvault.sdk.identity.UserOperations;
import org.flowvault.sdk.vaultconfig.VaultConfigOperations;

/**
 * The Flowvault client: one per server and identity, reaching every part of the REST API
 * ({@code /api/v1}, described by {@code /api/openapi.json}) through typed operations, so callers
 * never build a path.
 *
 * <pre>{@code
 * Flowvault flowvault = Flowvault.builder()
 *         .address("https://flowvault.example.com")
 *         .apiKey(System.getenv("FLOWVAULT_API_KEY"))
 *         .project("portal-automation")
 *         .credentialKey(System.getenv("FLOWVAULT_CREDENTIAL_KEY"))
 *         .build();
 * flowvault.credentials().create(CredentialEntry.builder("https://example.com", "user-123")
 *         .userName("alice@example.com").password("secret-password").build());
 * Run run = flowvault.runs().start("portal-login", Map.of("USER", "user-123")).await(Duration.ofMinutes(5));
 * }</pre>
 *
 * <p>Immutable and thread-safe; share one instance. Failures are {@link FlowvaultException}s with
 * the server's status, reason and message; wrong arguments are {@link IllegalArgumentException}s
 * and missing configuration (no project, no credential key) {@link IllegalStateException}s, each
 * saying what to give. {@link #toString()} shows neither the API key nor the credential key.
 */
public final class Flowvault {
    private final Transport http;
    private final String project;
    private final CredentialKeyring keyring;

    private Flowvault(Builder b) {
        this.http = new Transport(b.address, b.apiKey == null ? null : b.apiKey.strip(), b.connectTimeout, b.timeout);
        this.project = b.project;
        this.keyring = new CredentialKeyring(b.credentialKey, b.credentialKeyVersion, b.format, b.readV1);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The server's address, e.g. {@code http://127.0.0.1:8080/}. */
    public URI address() {
        return http.address();
    }

    /** The default project given to the builder, or null. */
    public String project() {
        return project;
    }

    private String requireProject(String what) {
        if (project == null) {
            throw new IllegalStateException(what + " work in a project: give Flowvault.builder().project(NAME), or name it: "
                    + what.toLowerCase(java.util.Locale.ROOT).replace(' ', '-') + "(NAME)");
        }
        return project;
    }

    private static String named(String project) {
        if (project == null || project.isBlank()) {
            throw new IllegalArgumentException("a project name is required");
        }
        return project;
    }

    /** The default project's credential vault. */
    public CredentialOperations credentials() {
        return credentials(requireProject("credentials"));
    }

    /** {@code project}'s credential vault. */
    public CredentialOperations credentials(String project) {
        return new CredentialTemplate(http, named(project), keyring);
    }

    /** The default project's connections. */
    public ConnectionOperations connections() {
        return connections(requireProject("connections"));
    }

    public ConnectionOperations connections(String project) {
        return new ConnectionTemplate(http, named(project));
    }

    /** The default project's flows. */
    public FlowOperations flows() {
        return flows(requireProject("flows"));
    }

    public FlowOperations flows(String project) {
        return new FlowTemplate(http, named(project));
    }

    /** Runs: of the default project's flows (when one was given), and any visible run by id. */
    public RunOperations runs() {
        return new RunTemplate(http, project);
    }

    public RunOperations runs(String project) {
        return new RunTemplate(http, named(project));
    }

    public VaultConfigOperations vaultConfigs() {
        return new VaultConfigTemplate(http);
    }

    public UserOperations users() {
        return new IdentityTemplates.Users(http);
    }

    public ProjectOperations projects() {
        return new IdentityTemplates.Projects(http);
    }

    /** The audit trail: list, export, verify, and "used by" of a secret or credential entry. */
    public AuditOperations audit() {
        return new AuditTemplate(http);
    }

    /** The caller's API keys. */
    public ApiKeyOperations apiKeys() {
        return new IdentityTemplates.ApiKeys(http);
    }

    /** Who the caller is, and the projects they may use. */
    public Me me() {
        JsonNode n = http.get(ApiPath.of("me"));
        String role = ResponseJson.text(n, "role");
        return new Me(ResponseJson.text(n, "id"), ResponseJson.text(n, "username"), role == null ? null : org.flowvault.sdk.identity.Role.fromWire(role),
                ResponseJson.list(n, "projects", IdentityTemplates::project));
    }

    /**
     * Logs in with a password (no API key needed) and returns the session; build a client with
     * its token to act as that user.
     *
     * @throws UnauthenticatedException for a wrong user name or password
     */
    public Session login(String username, Secret password) {
        JsonNode n = http.post(ApiPath.of("auth", "login"), Map.of("username", Objects.requireNonNull(username, "username"),
                "password", Objects.requireNonNull(password, "password").reveal()));
        return new Session(Secret.of(n.path("token").asText()), ResponseJson.instant(n, "expires_at"), IdentityTemplates.user(n.path("user")));
    }

    /** Ends the session whose token this client uses. */
    public void logout() {
        http.post(ApiPath.of("auth", "logout"), Map.of());
    }

    @Override
    public String toString() {
        return "Flowvault[" + http.address() + (project == null ? "" : ", project " + project) + ", " + keyring + "]";
    }

    /** Collects the client's settings; {@link #build()} checks them. Not thread-safe. */
    public static final class Builder {
        private URI address;
        private String apiKey;
        private String project;
        private CredentialKey credentialKey;
        private int credentialKeyVersion;
        private FieldFormat format = FieldFormat.V2;
        private boolean readV1 = true;
        private Duration timeout = Duration.ofSeconds(60);
        private Duration connectTimeout = Duration.ofSeconds(5);

        private Builder() {
        }

        /** The server, e.g. {@code https://flowvault.example.com} or {@code http://127.0.0.1:8080} (required). */
        public Builder address(URI address) {
            this.address = address;
            return this;
        }

        public Builder address(String address) {
            return address(address == null ? null : URI.create(address.strip()));
        }

        /** An API key ({@code flowvault api-key create}) or a session token; none only for {@link #login}. */
        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        /** The project {@link #credentials()}, {@link #connections()}, {@link #flows()} and {@link #runs()} work in. */
        public Builder project(String project) {
            this.project = project;
            return this;
        }

        /** The project's credential key, which encrypts and decrypts credential fields in this process. */
        public Builder credentialKey(CredentialKey credentialKey) {
            this.credentialKey = credentialKey;
            return this;
        }

        /**
         * The credential key as 64 hex characters (the form the seed product's SDKs take).
         *
         * @throws IllegalArgumentException saying what is wrong with it, never quoting it
         */
        public Builder credentialKey(String hex) {
            return credentialKey(hex == null ? null : CredentialKey.fromHex(hex));
        }

        /**
         * The key version the credential key is, for writing format v2. Unset, the client asks the
         * server for the project's current version once (and, when the server lists key
         * fingerprints, refuses a key that is not the current one).
         */
        public Builder credentialKeyVersion(int version) {
            if (version < 1) {
                throw new IllegalArgumentException("credential key versions start at 1");
            }
            this.credentialKeyVersion = version;
            return this;
        }

        /** The format new credential fields are written in: {@link FieldFormat#V2} (default), or V1 for the seed product. */
        public Builder credentialFormat(FieldFormat format) {
            this.format = Objects.requireNonNull(format, "format");
            return this;
        }

        /**
         * Whether fields in format v1 are decrypted (default true, so entries imported from the seed
         * product read). A v1 ciphertext is bound to no entry: whoever can write the server's
         * database can copy one into any entry's field. Once {@code credential reencrypt} has turned
         * a project's fields into v2, set false: such a copy is then an error.
         */
        public Builder readV1(boolean readV1) {
            this.readV1 = readV1;
            return this;
        }

        /** How long a call may take (default 60 s); long polls add their own wait to it. */
        public Builder timeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("the timeout must be positive");
            }
            this.timeout = timeout;
            return this;
        }

        /** How long connecting may take (default 5 s). */
        public Builder connectTimeout(Duration connectTimeout) {
            if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
                throw new IllegalArgumentException("the connect timeout must be positive");
            }
            this.connectTimeout = connectTimeout;
            return this;
        }

        /**
         * @throws IllegalArgumentException when the address is missing or not an http(s) URL
         *                                  without user info, query or fragment
         */
        public Flowvault build() {
            if (address == null) {
                throw new IllegalArgumentException("the Flowvault address is required, e.g. http://127.0.0.1:8080");
            }
            if (!"http".equals(address.getScheme()) && !"https".equals(address.getScheme()) || address.getHost() == null) {
                throw new IllegalArgumentException("the Flowvault address must start with http:// or https://, e.g. http://127.0.0.1:8080");
            }
            if (address.getRawUserInfo() != null || address.getRawQuery() != null || address.getRawFragment() != null) {
                // user info would be a password in a URL; the API key goes in its own header
                throw new IllegalArgumentException("the Flowvault address is scheme, host, port and path only (no user:password@, ? or #)");
            }
            if (!readV1 && format == FieldFormat.V1) {
                throw new IllegalArgumentException("a client that writes format v1 must read it: drop readV1(false) or credentialFormat(V1)");
            }
            if (project != null && project.isBlank()) {
                throw new IllegalArgumentException("the project name must not be blank");
            }
            if (apiKey != null && apiKey.isBlank()) {
                apiKey = null;
            }
            if (apiKey != null && !apiKey.strip().chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                // the HTTP client's own error for such a header would quote the key
                throw new IllegalArgumentException("the API key must be printable ASCII without spaces or line breaks; check how it was copied");
            }
            return new Flowvault(this);
        }
    }
}
