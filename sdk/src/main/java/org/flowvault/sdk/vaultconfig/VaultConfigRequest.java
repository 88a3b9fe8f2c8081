package org.flowvault.sdk.vaultconfig;

import java.net.URI;
import java.time.Duration;

/**
 * The fields of a vault configuration to create, or to change on update (null fields are not
 * sent). Built with {@link #builder()}; durations are sent as whole seconds.
 */
public record VaultConfigRequest(String name, URI url, Boolean enabled, String caCertificate, String namespace, AuthMethod authMethod,
                                 String authMount, String kvMount, KvVersion kvVersion, Scope scope, Boolean autoRenew,
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
            return new VaultConfigRequest(name, url, enabled, caCertificate, namespace, authMethod, authMount, kvMount, kvVersion, scope,
                    autoRenew, renewalThreshold, cacheTtl, serveStaleOnError, credentials, revalidationInterval);
        }
    }
}
