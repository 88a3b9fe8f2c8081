package org.flowvault.vault.client.core;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import org.flowvault.vault.client.VaultToken;
import org.flowvault.vault.client.internal.Tls;
import org.flowvault.vault.client.kv.KvVersion;

/**
 * Where and how to reach Vault: address, namespaces, TLS trust and client certificate, timeouts,
 * retries, an optional token and the KV version to assume when it cannot be detected. Immutable and
 * thread-safe; built by a {@link Builder} that validates everything (and parses the PEM material)
 * in {@link Builder#build()}, so a wrong setting fails at start-up, not on the first call.
 * {@link #toString()} never shows the token or key material.
 *
 * <pre>{@code
 * VaultClientConfig config = VaultClientConfig.builder()
 *         .environment(System::getenv)          // VAULT_ADDR, VAULT_TOKEN, VAULT_NAMESPACE, VAULT_CACERT...
 *         .namespace("team-a")                  // later calls override the environment
 *         .readTimeout(Duration.ofSeconds(10))
 *         .build();
 * }</pre>
 *
 * <p>Nulls: arguments are required unless a parameter says null is allowed; results are never
 * null unless documented ("or null").
 *
 * @see <a href="https://developer.hashicorp.com/vault/docs/commands#configure-environment-variables">Vault's environment variables</a>
 */
public final class VaultClientConfig {
    /** Vault's own default when {@code VAULT_ADDR} is unset. */
    public static final String DEFAULT_ADDRESS = "https://127.0.0.1:8200";

    private final URI address;
    private final String namespace;
    private final String authNamespace;
    private final VaultToken token;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final RetryPolicy retry;
    private final KvVersion defaultKvVersion;
    private final String tlsDescription;
    private final SSLContext sslContext;

    private VaultClientConfig(Builder b, URI address, SSLContext sslContext, String tlsDescription) {
        this.address = address;
        this.namespace = b.namespace;
        this.authNamespace = b.authNamespace;
        this.token = b.token;
        this.connectTimeout = b.connectTimeout;
        this.readTimeout = b.readTimeout;
        this.retry = b.retry;
        this.defaultKvVersion = b.defaultKvVersion;
        this.sslContext = sslContext;
        this.tlsDescription = tlsDescription;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code builder().environment(System::getenv).build()}: configured like the Vault CLI. */
    public static VaultClientConfig fromEnvironment() {
        return builder().environment(System::getenv).build();
    }

    /** The server's base address, such as {@code https://vault.example.com:8200}, without a trailing slash. */
    public URI address() {
        return address;
    }

    /** The namespace sent with every request ({@code X-Vault-Namespace}), if any. */
    public Optional<String> namespace() {
        return Optional.ofNullable(namespace);
    }

    /**
     * The namespace logins are sent to; when unset, logins go to {@link #namespace()}. Vault
     * Enterprise teams often log in at the root namespace and work in a child one.
     */
    public Optional<String> authNamespace() {
        return Optional.ofNullable(authNamespace);
    }

    /** The token to use when the client is given no other authentication ({@code VAULT_TOKEN}). */
    public Optional<VaultToken> token() {
        return Optional.ofNullable(token);
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** How long one request may wait for its answer. */
    public Duration readTimeout() {
        return readTimeout;
    }

    public RetryPolicy retry() {
        return retry;
    }

    /** The KV version assumed for a mount whose version cannot be read from Vault (no permission on {@code sys/internal/ui/mounts}). */
    public Optional<KvVersion> defaultKvVersion() {
        return Optional.ofNullable(defaultKvVersion);
    }

    /** The TLS context for an https address; null for http. Not public: the key material stays inside. */
    SSLContext sslContext() {
        return sslContext;
    }

    @Override
    public String toString() {
        return "VaultClientConfig[address=" + address
                + (namespace == null ? "" : ", namespace=" + namespace)
                + (authNamespace == null ? "" : ", authNamespace=" + authNamespace)
                + ", token=" + (token == null ? "none" : "<masked>")
                + ", tls=" + tlsDescription
                + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout
                + ", retry=" + retry
                + (defaultKvVersion == null ? "" : ", defaultKvVersion=" + defaultKvVersion) + "]";
    }

    /** Collects settings; {@link #build()} validates them. Not thread-safe; reuse is fine. */
    public static final class Builder {
        private String address = DEFAULT_ADDRESS;
        private String namespace;
        private String authNamespace;
        private VaultToken token;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(60);
        private RetryPolicy retry = RetryPolicy.defaults();
        private KvVersion defaultKvVersion;
        private String caPem;
        private Path caFile;
        private KeyStore trustStore;
        private String clientCertPem;
        private String clientKeyPem;
        private Path clientCertFile;
        private Path clientKeyFile;

        private Builder() {
        }

        /**
         * Applies the Vault CLI's variables that are set in {@code env}: {@code VAULT_ADDR},
         * {@code VAULT_TOKEN}, {@code VAULT_NAMESPACE}, {@code VAULT_CACERT} (a PEM file),
         * {@code VAULT_CLIENT_CERT} and {@code VAULT_CLIENT_KEY} (PEM files),
         * {@code VAULT_CLIENT_TIMEOUT} (seconds) and {@code VAULT_MAX_RETRIES} (retries after the
         * first attempt). Unset or empty variables leave the builder as it is; settings made after
         * this call win. Pass {@code System::getenv}, or a map's {@code get} in tests.
         */
        public Builder environment(Function<String, String> env) {
            Objects.requireNonNull(env, "env");
            String v;
            if ((v = env(env, "VAULT_ADDR")) != null) {
                address(v);
            }
            if ((v = env(env, "VAULT_TOKEN")) != null) {
                token(VaultToken.of(v));
            }
            if ((v = env(env, "VAULT_NAMESPACE")) != null) {
                namespace(v);
            }
            if ((v = env(env, "VAULT_CACERT")) != null) {
                caCertificateFile(Path.of(v));
            }
            String cert = env(env, "VAULT_CLIENT_CERT");
            String key = env(env, "VAULT_CLIENT_KEY");
            if (cert != null || key != null) {
                if (cert == null || key == null) {
                    throw new IllegalArgumentException("set both VAULT_CLIENT_CERT and VAULT_CLIENT_KEY, or neither");
                }
                clientCertificateFiles(Path.of(cert), Path.of(key));
            }
            if ((v = env(env, "VAULT_CLIENT_TIMEOUT")) != null) {
                readTimeout(Duration.ofSeconds(parseEnvInt("VAULT_CLIENT_TIMEOUT", v, 1)));
            }
            if ((v = env(env, "VAULT_MAX_RETRIES")) != null) {
                int retries = parseEnvInt("VAULT_MAX_RETRIES", v, 0);
                retry(new RetryPolicy(retries + 1, retry.baseDelay(), retry.maxDelay()));
            }
            return this;
        }

        private static String env(Function<String, String> env, String name) {
            String v = env.apply(name);
            return v == null || v.isBlank() ? null : v.trim();
        }

        private static int parseEnvInt(String name, String v, int min) {
            try {
                int i = Integer.parseInt(v);
                if (i >= min) {
                    return i;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new IllegalArgumentException(name + " must be a whole number >= " + min + ", got \"" + v + "\"");
        }

        /** The server address, {@code http(s)://host:port} with an optional path prefix; default {@value #DEFAULT_ADDRESS}. */
        public Builder address(String address) {
            this.address = Objects.requireNonNull(address, "address");
            return this;
        }

        /** The namespace for every request; null or empty for the root namespace. */
        public Builder namespace(String namespace) {
            this.namespace = cleanNamespace(namespace);
            return this;
        }

        /** The namespace logins go to; null (the default) means {@link #namespace(String)}'s. */
        public Builder authNamespace(String namespace) {
            this.authNamespace = cleanNamespace(namespace);
            return this;
        }

        private static String cleanNamespace(String ns) {
            if (ns == null) {
                return null;
            }
            String s = ns.strip();
            while (s.startsWith("/")) {
                s = s.substring(1);
            }
            while (s.endsWith("/")) {
                s = s.substring(0, s.length() - 1);
            }
            return s.isEmpty() ? null : s;
        }

        /** The token to use when the client is given no {@code Authentication}; null for none. */
        public Builder token(VaultToken token) {
            this.token = token;
            return this;
        }

        /** CA certificates (PEM, one or several) to trust instead of the JDK's CAs. */
        public Builder caCertificatePem(String pem) {
            this.caPem = Objects.requireNonNull(pem, "pem");
            this.caFile = null;
            return this;
        }

        /** A PEM file of CA certificates to trust instead of the JDK's CAs ({@code VAULT_CACERT}); read in {@link #build()}. */
        public Builder caCertificateFile(Path file) {
            this.caFile = Objects.requireNonNull(file, "file");
            this.caPem = null;
            return this;
        }

        /** A loaded trust store to trust instead of the JDK's CAs; exclusive with the CA PEM settings. */
        public Builder trustStore(KeyStore trustStore) {
            this.trustStore = Objects.requireNonNull(trustStore, "trustStore");
            return this;
        }

        /** A client certificate (PEM, optionally followed by its chain) and its unencrypted PKCS#8 key, for mutual TLS. */
        public Builder clientCertificatePem(String certificatePem, String privateKeyPem) {
            this.clientCertPem = Objects.requireNonNull(certificatePem, "certificatePem");
            this.clientKeyPem = Objects.requireNonNull(privateKeyPem, "privateKeyPem");
            this.clientCertFile = null;
            this.clientKeyFile = null;
            return this;
        }

        /** As {@link #clientCertificatePem} from files, read in {@link #build()}. */
        public Builder clientCertificateFiles(Path certificate, Path privateKey) {
            this.clientCertFile = Objects.requireNonNull(certificate, "certificate");
            this.clientKeyFile = Objects.requireNonNull(privateKey, "privateKey");
            this.clientCertPem = null;
            this.clientKeyPem = null;
            return this;
        }

        /** How long opening a connection may take; default 10 s. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive("connectTimeout", timeout);
            return this;
        }

        /** How long one request may wait for its answer; default 60 s (Vault's CLI default). */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = positive("readTimeout", timeout);
            return this;
        }

        public Builder retry(RetryPolicy retry) {
            this.retry = Objects.requireNonNull(retry, "retry");
            return this;
        }

        /** The KV version to assume when a mount's version cannot be read from Vault; null to fail instead. */
        public Builder defaultKvVersion(KvVersion version) {
            this.defaultKvVersion = version;
            return this;
        }

        private static Duration positive(String name, Duration d) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + d);
            }
            return d;
        }

        /**
         * Validates and builds: the address must be an absolute http(s) URI without query or
         * fragment; TLS settings need an https address; PEM files are read and parsed here.
         *
         * @throws IllegalArgumentException naming the bad setting
         */
        public VaultClientConfig build() {
            URI uri = parseAddress(address);
            boolean https = uri.getScheme().equals("https");
            boolean customTrust = caPem != null || caFile != null || trustStore != null;
            boolean clientCert = clientCertPem != null || clientCertFile != null;
            if ((caPem != null || caFile != null) && trustStore != null) {
                throw new IllegalArgumentException("set either CA certificates (PEM) or a trust store, not both");
            }
            if (!https && (customTrust || clientCert)) {
                throw new IllegalArgumentException("TLS settings need an https address, but the address is " + uri);
            }
            if (!https) {
                return new VaultClientConfig(this, uri, null, "off");
            }
            KeyStore trust = trustStore;
            String description = trustStore != null ? "trust store" : "JDK CAs";
            if (caPem != null || caFile != null) {
                String pem = caPem != null ? caPem : read(caFile, "CA certificate file");
                String what = caFile != null ? "CA certificate file " + caFile : "CA certificate PEM";
                List<X509Certificate> cas = Tls.certificates(pem, what);
                trust = Tls.trustStore(cas);
                description = cas.size() + " CA certificate" + (cas.size() == 1 ? "" : "s");
            }
            KeyStore keys = null;
            if (clientCert) {
                String certPem = clientCertPem != null ? clientCertPem : read(clientCertFile, "client certificate file");
                String keyPem = clientKeyPem != null ? clientKeyPem : read(clientKeyFile, "client key file");
                List<X509Certificate> chain = Tls.certificates(certPem, "the client certificate");
                PrivateKey key = Tls.privateKey(keyPem, "the client key");
                keys = Tls.keyStore(chain, key);
                description += ", client certificate";
            }
            return new VaultClientConfig(this, uri, Tls.context(trust, keys), description);
        }

        private static String read(Path file, String what) {
            try {
                return Files.readString(file, StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the " + what + " " + file + ": " + e.getMessage(), e);
            }
        }

        private static URI parseAddress(String address) {
            String a = address.strip();
            while (a.endsWith("/")) {
                a = a.substring(0, a.length() - 1);
            }
            URI uri;
            try {
                uri = new URI(a);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("address is not a valid URI: " + address);
            }
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new IllegalArgumentException("address must look like https://host:8200 (http or https, with a host), got: " + address);
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
                // not echoed: user info may hold a password
                throw new IllegalArgumentException("address must not carry a query, fragment or user info; use scheme://host:port");
            }
            if (uri.getPath() != null && uri.getPath().endsWith("/v1")) {
                throw new IllegalArgumentException("address must not end in /v1 (the client adds it): " + address);
            }
            return uri;
        }
    }

    /**
     * How often and how patiently the client retries. Only requests that are safe to repeat are
     * retried after they reached the server — GET, LIST, HEAD and DELETE — on a lost connection, a
     * timeout, 412, 429 and 5xx (never on a sealed Vault); any request is retried when the connection
     * could not be opened, because then nothing was sent. Waits grow exponentially from
     * {@code baseDelay} to {@code maxDelay} with jitter.
     *
     * @param maxAttempts attempts in all, at least 1 (1 disables retries)
     * @param baseDelay   the wait before the second attempt, before jitter
     * @param maxDelay    the longest wait between two attempts
     *
     * <p>Immutable and thread-safe.
     *
     * <p>Nulls: arguments are required unless a parameter says null is allowed; results are never
     * null unless documented ("or null").
     */
    public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {
        private static final RetryPolicy DEFAULTS = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofMillis(1500));
        private static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);

        public RetryPolicy {
            Objects.requireNonNull(baseDelay, "baseDelay");
            Objects.requireNonNull(maxDelay, "maxDelay");
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1 (1 means no retries), got " + maxAttempts);
            }
            if (baseDelay.isNegative() || maxDelay.isNegative()) {
                throw new IllegalArgumentException("retry delays must not be negative");
            }
            if (maxDelay.compareTo(baseDelay) < 0) {
                throw new IllegalArgumentException("maxDelay " + maxDelay + " is shorter than baseDelay " + baseDelay);
            }
        }

        /** Three attempts, waiting about 100 ms then 200 ms (at most 1.5 s): close to Vault's own CLI. */
        public static RetryPolicy defaults() {
            return DEFAULTS;
        }

        /** One attempt: every failure surfaces at once. */
        public static RetryPolicy none() {
            return NONE;
        }

        /**
         * The wait after failed attempt {@code attempt} (1-based): {@code baseDelay * 2^(attempt-1)},
         * capped at {@code maxDelay}, of which a random half is dropped so that clients do not retry
         * in lockstep.
         */
        public Duration delayAfter(int attempt) {
            double random = java.util.concurrent.ThreadLocalRandom.current().nextDouble();
            long base = baseDelay.toNanos();
            long exp = attempt >= 62 ? Long.MAX_VALUE : base << Math.min(attempt - 1, 30);
            long capped = Math.min(exp < 0 ? Long.MAX_VALUE : exp, maxDelay.toNanos());
            long half = capped / 2;
            return Duration.ofNanos(half + (long) (random * half));
        }
    }
}
