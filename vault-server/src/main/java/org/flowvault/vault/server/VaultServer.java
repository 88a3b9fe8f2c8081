package org.flowvault.vault.server;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.flowvault.vault.server.config.ServerConfig;
import org.flowvault.vault.server.core.BackendFactory;
import org.flowvault.vault.server.core.Core;
import org.flowvault.vault.server.core.CoreOptions;
import org.flowvault.vault.server.core.MountEntry;
import org.flowvault.vault.server.http.HttpApi;
import org.flowvault.vault.server.http.TlsFiles;
import org.flowvault.vault.server.namespace.Namespace;
import org.flowvault.vault.server.storage.FileStorage;
import org.flowvault.vault.server.storage.InMemoryStorage;
import org.flowvault.vault.server.storage.Storage;
import org.flowvault.vault.server.sys.SysBackend;

/**
 * The embedded Vault-API-compatible server. {@code dev} mode mirrors {@code vault server -dev}:
 * in-memory storage, initialized with one key share, unsealed, KV v2 at {@code secret/}. Otherwise
 * the server starts uninitialized (or sealed, when its storage is already initialized) and is
 * operated through the API like Vault. Single node by design.
 *
 * <pre>{@code
 * try (VaultServer vault = VaultServer.builder().dev().listen("127.0.0.1", 0).start()) {
 *     String addr = vault.address(); String token = vault.rootToken();
 * }
 * }</pre>
 */
public final class VaultServer implements AutoCloseable {
    /** Vault's default max request size, 32 MiB. */
    public static final long DEFAULT_MAX_REQUEST_BYTES = 32L * 1024 * 1024;

    private final Core core;
    private final HttpApi http;
    private final String scheme;
    private final String host;
    private final String rootToken;
    private final String unsealKey;

    private VaultServer(Builder b) {
        Storage storage = b.devData != null ? DevKeys.storage(b.devData)
                : b.storage != null ? b.storage : new InMemoryStorage();
        Map<String, BackendFactory> factories = new HashMap<>(BuiltinBackends.all());
        factories.putAll(b.extraBackends);
        ServerServices services = new ServerServices();
        core = new Core(storage, new CoreOptions(factories, b.defaultLeaseTtl, b.maxLeaseTtl, b.clock,
                b.devData != null ? "file" : b.storageType), services);
        core.registerBackend("system", SysBackend.factory(core, services::audit, services::wrapping));
        String root = null;
        String key = null;
        if (b.devData != null) {
            DevKeys keys = DevKeys.initOrUnseal(core, b.devData, b.devRootTokenId);
            root = keys.rootToken();
            key = keys.unsealKey();
        } else if (b.dev) {
            Core.InitResult init = core.initialize(1, 1, b.devRootTokenId, true);
            root = init.rootToken();
            key = Base64.getEncoder().encodeToString(init.keys().get(0));
            DevKeys.enableSecretMount(core);
        }
        rootToken = root;
        unsealKey = key;
        http = new HttpApi(core, b.maxRequestBytes, b.benchmarkNoop);
        TlsFiles.Loaded tls = b.tlsCert == null ? null : TlsFiles.load(b.tlsCert, b.tlsKey);
        scheme = tls == null ? "http" : "https";
        host = b.host;
        http.start(b.host, b.port, tls);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder configured from a parsed {@code -config} file. */
    public static Builder fromConfig(ServerConfig config) {
        Builder b = builder()
                .listen(config.listener().host(), config.listener().port())
                .leaseTtls(config.defaultLeaseTtl(), config.maxLeaseTtl());
        if ("file".equals(config.storage().type())) {
            b.storage(new FileStorage(config.storage().path()), "file");
        }
        if (!config.listener().tlsDisable()) {
            b.tls(config.listener().tlsCertFile(), config.listener().tlsKeyFile());
        }
        return b;
    }

    /** "http://127.0.0.1:8200": what clients put in VAULT_ADDR. */
    public String address() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return scheme + "://" + h + ":" + http.port();
    }

    public int port() {
        return http.port();
    }

    /** The root token of a dev server; null otherwise. */
    public String rootToken() {
        return rootToken;
    }

    /** The base64 unseal key of a dev server; null otherwise. */
    public String unsealKey() {
        return unsealKey;
    }

    /** The core, for embedding applications and benchmarks. */
    public Core core() {
        return core;
    }

    @Override
    public void close() {
        http.stop();
        if (!core.sealed()) {
            core.sealNow();
        }
    }

    /** Options of a server; {@link #start()} binds the listener. */
    public static final class Builder {
        private boolean dev;
        private Path devData;
        private String devRootTokenId;
        private String host = "127.0.0.1";
        private int port = 8200;
        private Storage storage;
        private String storageType = "inmem";
        private Duration defaultLeaseTtl = Duration.ofHours(768);
        private Duration maxLeaseTtl = Duration.ofHours(768);
        private Clock clock = Clock.systemUTC();
        private long maxRequestBytes = DEFAULT_MAX_REQUEST_BYTES;
        private Path tlsCert;
        private Path tlsKey;
        private boolean benchmarkNoop;
        private final Map<String, BackendFactory> extraBackends = new HashMap<>();

        private Builder() {
        }

        /** Dev mode: in-memory, initialized, unsealed, KV v2 at secret/. */
        public Builder dev() {
            this.dev = true;
            return this;
        }

        /**
         * Persistent dev mode: file storage under {@code dir}, initialized with one key share on
         * first start (unseal key and root token kept in {@code dir/dev-keys.json}, mode 0600) and
         * unsealed with it on later starts, so tokens and secrets survive a restart. For a developer
         * machine only: the key file sits next to the data it protects.
         */
        public Builder devPersistent(Path dir) {
            this.devData = dir;
            return this;
        }

        /** The dev root token's id (Vault's -dev-root-token-id); null for a random one. */
        public Builder devRootTokenId(String id) {
            this.devRootTokenId = id;
            return this;
        }

        /** Host and port to listen on; port 0 picks a free port. */
        public Builder listen(String host, int port) {
            this.host = host;
            this.port = port;
            return this;
        }

        public Builder storage(Storage storage, String type) {
            this.storage = storage;
            this.storageType = type;
            return this;
        }

        public Builder leaseTtls(Duration defaultTtl, Duration maxTtl) {
            if (defaultTtl.compareTo(maxTtl) > 0) {
                throw new IllegalArgumentException("default_lease_ttl " + defaultTtl + " exceeds max_lease_ttl " + maxTtl);
            }
            this.defaultLeaseTtl = defaultTtl;
            this.maxLeaseTtl = maxTtl;
            return this;
        }

        /** The clock tokens and versions are stamped with; tests inject one to move time. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder maxRequestBytes(long bytes) {
            this.maxRequestBytes = bytes;
            return this;
        }

        public Builder tls(Path certPem, Path keyPem) {
            this.tlsCert = certPem;
            this.tlsKey = keyPem;
            return this;
        }

        /**
         * Also answers {@code GET /bench/noop} with {@code 200 {"data":{"ok":true}}} through the same
         * Javalin/Jetty/virtual-thread stack and JSON writer as {@code /v1}, skipping the Vault core
         * (no token, no routing, no storage). For {@code bench/} only, as the HTTP stack's ceiling
         * next to KV throughput; off by default.
         */
        public Builder benchmarkNoopEndpoint() {
            this.benchmarkNoop = true;
            return this;
        }

        /** Adds an engine type beyond the built-in ones. */
        public Builder backend(String type, BackendFactory factory) {
            extraBackends.put(type, factory);
            return this;
        }

        public VaultServer start() {
            return new VaultServer(this);
        }
    }

    static List<String> supportedTypes() {
        return List.copyOf(BuiltinBackends.all().keySet());
    }
}
