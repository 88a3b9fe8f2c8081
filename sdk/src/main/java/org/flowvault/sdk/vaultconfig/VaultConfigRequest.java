package org.flowvault.sdk.vaultconfig;

import java.net.URI;
import java.time.Duration;

/**
 * The fields of a vault configuration to create, or to change on update (null fields are not
 * sent). Built with {@link #builder()}; durations are sent as whole seconds.
 */
public record VaultConfigRequest(String name, URI url, Boolean enabled, String caCertificate, String namespace, AuthMethod authMethod,
                                 String authMount, String authNamespace, String authRole, String jwtFile, String jwtEnvVariable,
                                 String kvMount, KvVersion kvVersion, Scope scope, Boolean autoRenew,
                                 Duration renewalThreshold, Duration cacheTtl, Boolean serveStaleOnError, VaultCredentials credentials,
                                 Duration revalidationInterval) {
    public VaultConfigRequest {
        if (name != null && name.isBlank()) {
            throw new IllegalArgumentException("a vault configuration's name must not be blank");
        }
        if (url != null && !"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
            throw new IllegalArgumentException("a Vault URL starts with https:// (or http://), e.g. https://vault.example.com:8200");
        }
        if (renewalThreshold != null && renewalThreshold.isNegative() || cacheTtl != null && cacheTtl.isNegative()
                || revalidationInterval != null && revalidationInterval.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects a configuration's fields. Not thread-safe. */
    public static final class Builder {
        private String name;
        private URI url;
        private Boolean enabled;
        private String caCertificate;
        private String namespace;
        private AuthMethod authMethod;
        private String authMount;
        private String authNamespace;
        private String authRole;
        private String jwtFile;
        private String jwtEnvVariable;
        private String kvMount;
        private KvVersion kvVersion;
        private Scope scope;
        private Boolean autoRenew;
        private Duration renewalThreshold;
        private Duration cacheTtl;
        private Boolean serveStaleOnError;
        private Duration revalidationInterval;
        private VaultCredentials credentials;

        private Builder() {
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder url(URI url) {
            this.url = url;
            return this;
        }

        public Builder url(String url) {
            return url(url == null ? null : URI.create(url));
        }

        public Builder enabled(Boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        /** The PEM of a CA to trust for this Vault server. */
        public Builder caCertificate(String pem) {
            this.caCertificate = pem;
            return this;
        }

        public Builder namespace(String namespace) {
            this.namespace = namespace;
            return this;
        }

        public Builder authMethod(AuthMethod authMethod) {
            this.authMethod = authMethod;
            return this;
        }

        /** The namespace logins happen in (methods that log in); unset: the namespace. */
        public Builder authNamespace(String authNamespace) {
            this.authNamespace = authNamespace;
            return this;
        }

        /** The kubernetes/jwt role, or the cert method's certificate role. */
        public Builder authRole(String authRole) {
            this.authRole = authRole;
            return this;
        }

        /** kubernetes/jwt: the absolute path of the JWT file on the server. */
        public Builder jwtFile(String jwtFile) {
            this.jwtFile = jwtFile;
            return this;
        }

        /** jwt: the server environment variable holding the JWT, instead of a file. */
        public Builder jwtEnvVariable(String jwtEnvVariable) {
            this.jwtEnvVariable = jwtEnvVariable;
            return this;
        }

        public Builder authMount(String authMount) {
            this.authMount = authMount;
            return this;
        }

        public Builder kvMount(String kvMount) {
            this.kvMount = kvMount;
            return this;
        }

        public Builder kvVersion(KvVersion kvVersion) {
            this.kvVersion = kvVersion;
            return this;
        }

        public Builder scope(Scope scope) {
            this.scope = scope;
            return this;
        }

        public Builder autoRenew(Boolean autoRenew) {
            this.autoRenew = autoRenew;
            return this;
        }

        public Builder renewalThreshold(Duration renewalThreshold) {
            this.renewalThreshold = renewalThreshold;
            return this;
        }

        /** How long resolved secrets are cached; zero disables the cache. */
        public Builder cacheTtl(Duration cacheTtl) {
            this.cacheTtl = cacheTtl;
            return this;
        }

        /** How often cached KV v2 secrets are checked against Vault's current version (whole seconds, 1 to 86400); null: unchanged. */
        public Builder revalidationInterval(Duration revalidationInterval) {
            this.revalidationInterval = revalidationInterval;
            return this;
        }

        public Builder serveStaleOnError(Boolean serveStaleOnError) {
            this.serveStaleOnError = serveStaleOnError;
            return this;
        }

        public Builder credentials(VaultCredentials credentials) {
            this.credentials = credentials;
            return this;
        }

        public VaultConfigRequest build() {
            return new VaultConfigRequest(name, url, enabled, caCertificate, namespace, authMethod, authMount, authNamespace, authRole,
                    jwtFile, jwtEnvVariable, kvMount, kvVersion, scope,
                    autoRenew, renewalThreshold, cacheTtl, serveStaleOnError, credentials, revalidationInterval);
        }
    }
}
