package org.flowvault.platform.vaultconfig;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * An admin-registered Vault server and how the platform talks to it. Holds no credential (the
 * AppRole secret id, userpass/LDAP password or shared token are stored encrypted apart from it),
 * so it is safe to print and to return from the API.
 *
 * @param id                 stable id
 * @param name               unique name users reference in {@code config:path}
 * @param url                the Vault address (checked against the operator's allow-list)
 * @param enabled            disabled configurations are never used for resolution
 * @param caCertificatePem   PEM CA certificate to verify the server with, or null for the JVM's trust store
 * @param namespace          Vault namespace secrets are read in, or null
 * @param authNamespace      Vault namespace logins happen in, or null for {@code namespace}
 * @param authMethod         whose identity reads secrets
 * @param authMount          the auth method's mount path (e.g. {@code approle}), null for token methods
 * @param authRole           the role to log in as: Kubernetes and JWT role, or the certificate role
 *                           ({@code name}) for CERT; null for other methods (JWT and CERT: optional)
 * @param jwtFile            JWT and KUBERNETES: absolute path of the file holding the JWT, read at every login
 * @param jwtEnvVariable     JWT: name of the server's environment variable holding the JWT (instead of a file)
 * @param kvMount            default KV mount for paths given without one, e.g. {@code secret}
 * @param kvVersion          AUTO (detect via {@code sys/internal/ui/mounts}), V1 or V2
 * @param scope              the whole platform, or a set of projects
 * @param autoRenew          whether the renewal job renews users' tokens
 * @param renewalThreshold   renew tokens that expire within this window (default 2 days)
 * @param cacheTtl           how long resolved secrets are cached; zero disables the cache (default 1 hour)
 * @param serveStaleOnError  serve an expired cached secret, marked stale, when Vault is unreachable
 * @param revalidationInterval how often (at most once per interval per path and identity) a cached
 *                           KV v2 secret is checked against Vault's {@code current_version}, when
 *                           shorter than the TTL; null to check only when the TTL has passed
 */
public record VaultConfiguration(
        UUID id,
        String name,
        URI url,
        boolean enabled,
        String caCertificatePem,
        String namespace,
        String authNamespace,
        AuthMethod authMethod,
        String authMount,
        String authRole,
        String jwtFile,
        String jwtEnvVariable,
        String kvMount,
        KvVersionSetting kvVersion,
        Scope scope,
        boolean autoRenew,
        Duration renewalThreshold,
        Duration cacheTtl,
        boolean serveStaleOnError,
        Duration revalidationInterval) {

    public static final Duration DEFAULT_RENEWAL_THRESHOLD = Duration.ofDays(2);
    public static final Duration DEFAULT_CACHE_TTL = Duration.ofHours(1);

    public VaultConfiguration {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(authMethod, "authMethod");
        Objects.requireNonNull(kvMount, "kvMount");
        Objects.requireNonNull(kvVersion, "kvVersion");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(renewalThreshold, "renewalThreshold");
        Objects.requireNonNull(cacheTtl, "cacheTtl");
    }

    /** A configuration without a separate auth namespace, role, JWT source or revalidation interval. */
    public VaultConfiguration(UUID id, String name, URI url, boolean enabled, String caCertificatePem, String namespace,
                              AuthMethod authMethod, String authMount, String kvMount, KvVersionSetting kvVersion, Scope scope,
                              boolean autoRenew, Duration renewalThreshold, Duration cacheTtl, boolean serveStaleOnError) {
        this(id, name, url, enabled, caCertificatePem, namespace, null, authMethod, authMount, null, null, null, kvMount, kvVersion,
                scope, autoRenew, renewalThreshold, cacheTtl, serveStaleOnError, null);
    }

    /** The namespace logins happen in: {@link #authNamespace()}, or {@link #namespace()} when none is set (null: root). */
    public String loginNamespace() {
        return authNamespace != null ? authNamespace : namespace;
    }

    /** A builder with the defaults a new configuration gets (see {@link Builder}). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's values, to change some of them. */
    public Builder toBuilder() {
        return new Builder().id(id).name(name).url(url).enabled(enabled).caCertificatePem(caCertificatePem)
                .namespace(namespace).authNamespace(authNamespace).authMethod(authMethod).authMount(authMount).authRole(authRole)
                .jwtFile(jwtFile).jwtEnvVariable(jwtEnvVariable).kvMount(kvMount).kvVersion(kvVersion)
                .scope(scope).autoRenew(autoRenew).renewalThreshold(renewalThreshold).cacheTtl(cacheTtl)
                .serveStaleOnError(serveStaleOnError).revalidationInterval(revalidationInterval);
    }

    /**
     * Collects a configuration's values. Defaults: a random id, enabled, {@code USER_TOKEN},
     * KV mount {@code secret} (version AUTO), platform-wide scope, auto-renewal on with a 2-day
     * threshold, a 1-hour cache, no stale serving. {@link #build()} checks only that the required
     * values are present; {@code VaultConfigurations} validates the rest with messages for users.
     */
    public static final class Builder {
        private UUID id = UUID.randomUUID();
        private String name;
        private URI url;
        private boolean enabled = true;
        private String caCertificatePem;
        private String namespace;
        private String authNamespace;
        private AuthMethod authMethod = AuthMethod.USER_TOKEN;
        private String authMount;
        private String authRole;
        private String jwtFile;
        private String jwtEnvVariable;
        private String kvMount = "secret";
        private KvVersionSetting kvVersion = KvVersionSetting.AUTO;
        private Scope scope = Scope.platformWide();
        private boolean autoRenew = true;
        private Duration renewalThreshold = DEFAULT_RENEWAL_THRESHOLD;
        private Duration cacheTtl = DEFAULT_CACHE_TTL;
        private boolean serveStaleOnError;
        private Duration revalidationInterval;

        private Builder() {
        }

        public Builder id(UUID id) {
            this.id = id;
            return this;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder url(URI url) {
            this.url = url;
            return this;
        }

        /**
         * @throws org.flowvault.platform.error.PlatformException INVALID when {@code url} is not a URI
         */
        public Builder url(String url) {
            try {
                this.url = url == null ? null : new URI(url.strip());
            } catch (java.net.URISyntaxException e) {
                throw org.flowvault.platform.error.PlatformException.invalidField("url", "vault URL is not a valid URL: "
                        + e.getReason() + "; write it like https://vault.example.com:8200");
            }
            return this;
        }

        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        public Builder caCertificatePem(String pem) {
            this.caCertificatePem = pem == null || pem.isBlank() ? null : pem;
            return this;
        }

        public Builder namespace(String namespace) {
            this.namespace = namespace == null || namespace.isBlank() ? null : namespace;
            return this;
        }

        /** The namespace logins happen in; blank or null for the data namespace. */
        public Builder authNamespace(String authNamespace) {
            this.authNamespace = blankToNull(authNamespace);
            return this;
        }

        public Builder authRole(String authRole) {
            this.authRole = blankToNull(authRole);
            return this;
        }

        public Builder jwtFile(String jwtFile) {
            this.jwtFile = blankToNull(jwtFile);
            return this;
        }

        public Builder jwtEnvVariable(String jwtEnvVariable) {
            this.jwtEnvVariable = blankToNull(jwtEnvVariable);
            return this;
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s;
        }

        public Builder authMethod(AuthMethod authMethod) {
            this.authMethod = authMethod;
            return this;
        }

        public Builder authMount(String authMount) {
            this.authMount = authMount == null || authMount.isBlank() ? null : authMount;
            return this;
        }

        public Builder kvMount(String kvMount) {
            this.kvMount = kvMount;
            return this;
        }

        public Builder kvVersion(KvVersionSetting kvVersion) {
            this.kvVersion = kvVersion;
            return this;
        }

        public Builder scope(Scope scope) {
            this.scope = scope;
            return this;
        }

        public Builder autoRenew(boolean autoRenew) {
            this.autoRenew = autoRenew;
            return this;
        }

        public Builder renewalThreshold(Duration renewalThreshold) {
            this.renewalThreshold = renewalThreshold;
            return this;
        }

        public Builder cacheTtl(Duration cacheTtl) {
            this.cacheTtl = cacheTtl;
            return this;
        }

        public Builder serveStaleOnError(boolean serveStaleOnError) {
            this.serveStaleOnError = serveStaleOnError;
            return this;
        }

        /** Null (the default) to revalidate cached KV v2 secrets only when their TTL has passed. */
        public Builder revalidationInterval(Duration revalidationInterval) {
            this.revalidationInterval = revalidationInterval;
            return this;
        }

        /** @throws org.flowvault.platform.error.PlatformException INVALID naming a missing required value */
        public VaultConfiguration build() {
            if (name == null || name.isBlank()) {
                throw org.flowvault.platform.error.PlatformException.invalidField("name", "a vault configuration needs a name");
            }
            if (url == null) {
                throw org.flowvault.platform.error.PlatformException.invalidField("url", "vault configuration '" + name
                        + "' needs a URL, such as https://vault.example.com:8200");
            }
            return new VaultConfiguration(id, name, url, enabled, caCertificatePem, namespace, authNamespace, authMethod, authMount,
                    authRole, jwtFile, jwtEnvVariable, kvMount, kvVersion, scope, autoRenew, renewalThreshold, cacheTtl, serveStaleOnError,
                    revalidationInterval);
        }
    }

    /** Whose identity reads and writes secrets through a configuration. */
    public enum AuthMethod {
        /** Each running user's own registered token (seed 000's "Authenticate"). */
        USER_TOKEN,
        /** The configuration's AppRole (role id + secret id): a machine identity (seed 003). */
        APPROLE,
        /** The configuration's userpass login: a shared identity. */
        USERPASS,
        /** The configuration's LDAP login: a shared identity. */
        LDAP,
        /** One token registered by the admin and shared by every run; renewed by the renewal job. */
        SHARED_TOKEN,
        /** The server's Kubernetes service-account JWT (a file, re-read at each login): a machine identity. */
        KUBERNETES,
        /** A JWT from a file or an environment variable of the server, for a JWT/OIDC role: a machine identity. */
        JWT,
        /** A TLS client certificate and key (stored encrypted): a machine identity. */
        CERT;

        /** True when each user's own token is used, so secrets are cached per user. */
        public boolean perUser() {
            return this == USER_TOKEN;
        }

        /** True for the methods that log in (everything but USER_TOKEN and SHARED_TOKEN): they can log in again. */
        public boolean logsIn() {
            return this != USER_TOKEN && this != SHARED_TOKEN;
        }
    }

    /** Which KV engine version to assume; AUTO asks Vault. */
    public enum KvVersionSetting {
        AUTO,
        V1,
        V2
    }

    /**
     * Where a configuration may be used.
     *
     * @param platform true for every project
     * @param projects the projects allowed when not platform-wide (empty when platform-wide)
     */
    public record Scope(boolean platform, Set<UUID> projects) {
        public Scope {
            projects = Set.copyOf(projects);
            if (platform && !projects.isEmpty()) {
                throw new IllegalArgumentException("a platform-wide scope lists no projects");
            }
        }

        public static Scope platformWide() {
            return new Scope(true, Set.of());
        }

        public static Scope projects(Set<UUID> projects) {
            return new Scope(false, projects);
        }

        public boolean includes(UUID projectId) {
            return platform || projects.contains(projectId);
        }
    }
}
