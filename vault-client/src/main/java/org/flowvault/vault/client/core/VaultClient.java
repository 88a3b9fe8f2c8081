package org.flowvault.vault.client.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.flowvault.vault.client.SessionEvent;
import org.flowvault.vault.client.VaultException;
import org.flowvault.vault.client.VaultToken;
import org.flowvault.vault.client.approle.AppRoleOperations;
import org.flowvault.vault.client.auth.Authentication;
import org.flowvault.vault.client.database.DatabaseOperations;
import org.flowvault.vault.client.events.EventOperations;
import org.flowvault.vault.client.internal.Access;
import org.flowvault.vault.client.internal.ApiPaths;
import org.flowvault.vault.client.internal.ClientJson;
import org.flowvault.vault.client.internal.HttpVaultTransport;
import org.flowvault.vault.client.internal.SharedState;
import org.flowvault.vault.client.internal.TokenSource;
import org.flowvault.vault.client.internal.VaultCalls;
import org.flowvault.vault.client.internal.VaultTransport;
import org.flowvault.vault.client.kv.KvMounts;
import org.flowvault.vault.client.kv.KvOperations;
import org.flowvault.vault.client.kv.KvV1Operations;
import org.flowvault.vault.client.kv.KvV2Operations;
import org.flowvault.vault.client.kv.KvVersion;
import org.flowvault.vault.client.lease.LeaseOperations;
import org.flowvault.vault.client.logical.LogicalOperations;
import org.flowvault.vault.client.sys.SysOperations;
import org.flowvault.vault.client.token.TokenOperations;

/**
 * The entry point: one client per Vault (and identity), shared by every thread. Each secrets
 * engine and API area is reached through an operations object — {@link #kv(String)},
 * {@link #token()}, {@link #sys()}, {@link #appRole()}, {@link #database()}, {@link #leases()},
 * {@link #logical()} — so callers never build
 * API paths by hand.
 *
 * <pre>{@code
 * try (VaultClient vault = VaultClient.builder()
 *         .config(VaultClientConfig.fromEnvironment())
 *         .authentication(appRoleLogin)
 *         .build()) {
 *     KvSecret db = vault.kv("secret").get("apps/billing/db");
 *     String password = (String) db.data().get("password");
 * }
 * }</pre>
 *
 * <p>Thread-safe; operations objects are cheap, immutable and may be kept. Every failure is a
 * {@link VaultException} subclass. {@link #close()} closes the connection pool and ends the token
 * session (revoking a token the client obtained by logging in); views made by
 * {@link #withToken(VaultToken)} and {@link #withNamespace(String)} share the pool and are closed
 * with their parent.
 *
 * <p>Nulls: arguments are required unless a parameter says null is allowed; results are never
 * null unless documented ("or null").
 */
public final class VaultClient implements AutoCloseable {
    private final VaultClientConfig config;
    private final HttpVaultTransport transport;
    private final TokenSource tokens;
    private final VaultCalls calls;
    private final Shared shared;
    private final boolean owner;
    private final TokenOperations token;
    private final SysOperations sys;
    private final LogicalOperations logical;
    private volatile KvMounts kvMounts;

    /** What a client and its views share: the mount versions already detected, and the closed flag. */
    private static final class Shared {
        final ConcurrentMap<String, KvVersion> kvVersions = new ConcurrentHashMap<>();
        final AtomicBoolean closed = new AtomicBoolean();
        final SharedState state = new SharedState(System::nanoTime);
    }

    private VaultClient(VaultClientConfig config, HttpVaultTransport transport, TokenSource tokens, VaultCalls calls, Shared shared, boolean owner) {
        this.config = config;
        this.transport = transport;
        this.tokens = tokens;
        this.calls = calls;
        this.shared = shared;
        this.owner = owner;
        this.token = Access.operations(TokenOperations.class, calls, null);
        this.sys = Access.operations(SysOperations.class, calls, null);
        this.logical = Access.operations(LogicalOperations.class, calls, null);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A client for {@code config}, authenticated with {@link VaultClientConfig#token()} (or unauthenticated without one). */
    public static VaultClient create(VaultClientConfig config) {
        return builder().config(config).build();
    }

    public VaultClientConfig config() {
        return config;
    }

    /**
     * The KV engine at {@code mount} (such as {@code "secret"} or {@code "team/secrets"}), of the
     * version Vault reports for it ({@code GET sys/internal/ui/mounts/<mount>}, asked once per
     * mount and namespace, then remembered). When Vault will not say (403), the configuration's
     * {@link VaultClientConfig#defaultKvVersion()} is used. Pattern-match the result on
     * {@link KvV2Operations} for versions and metadata, or use {@link #kvV2(String)}.
     *
     * @throws IllegalArgumentException when the mount is not a KV engine, or {@code mount} is a path below one
     * @throws VaultException.PermissionDenied when the version cannot be read and no default is configured
     * @see <a href="https://developer.hashicorp.com/vault/api-docs/system/internal-ui-mounts">sys/internal/ui/mounts</a>
     */
    public KvOperations kv(String mount) {
        String m = ApiPaths.mount(mount);
        String key = (calls.namespace() == null ? config.namespace().orElse("") : calls.namespace()) + "\u0000" + m;
        KvVersion version = shared.kvVersions.get(key);
        if (version == null) {
            version = detectKvVersion(m);
            shared.kvVersions.put(key, version);
        }
        return kv(m, version);
    }

    /**
     * Finds the KV mount, version and relative path of any path ({@code kv().locate("team/kv/data/app")}),
     * learned once per mount and shared by this client and its views for {@link KvMounts#LOCATE_TTL}.
     */
    public KvMounts kv() {
        KvMounts k = kvMounts;
        if (k == null) {
            String ns = calls.namespace() == null ? config.namespace().orElse("") : calls.namespace();
            k = Access.make(KvMounts.class, calls, ns, shared.state, config.defaultKvVersion());
            kvMounts = k; // a benign race: two threads may each make one, both equivalent
        }
        return k;
    }

    /** The KV engine at {@code mount}, of the version given: no detection call. */
    public KvOperations kv(String mount, KvVersion version) {
        Objects.requireNonNull(version, "version");
        String m = ApiPaths.mount(mount);
        return version == KvVersion.V2 ? Access.operations(KvV2Operations.class, calls, m)
                : Access.operations(KvV1Operations.class, calls, m);
    }

    /**
     * The KV v2 engine at {@code mount}, detected as {@link #kv(String)} does.
     *
     * @throws IllegalArgumentException when the mount is KV version 1
     */
    public KvV2Operations kvV2(String mount) {
        KvOperations kv = kv(mount);
        if (kv instanceof KvV2Operations v2) {
            return v2;
        }
        throw new IllegalArgumentException("mount \"" + kv.mount() + "\" is KV version 1; versions and metadata need KV version 2 "
                + "(upgrade it with sys().tuneMount(mount, MountTune.builder().option(\"version\", \"2\").build()))");
    }

    private KvVersion detectKvVersion(String mount) {
        JsonNode answer;
        try {
            answer = calls.get("sys/internal/ui/mounts/" + mount);
        } catch (VaultException.PermissionDenied e) {
            return config.defaultKvVersion().orElseThrow(() -> new VaultException.PermissionDenied(
                    "cannot detect the KV version of mount \"" + mount + "\": " + e.getMessage()
                            + "; grant read on sys/internal/ui/mounts/" + mount + ", or set VaultClientConfig.Builder.defaultKvVersion(...)",
                    e.status(), e.path(), e.errors()));
        }
        JsonNode data = answer == null ? null : answer.get("data");
        String type = ClientJson.text(data, "type");
        String path = ClientJson.text(data, "path");
        if (type == null) {
            return config.defaultKvVersion().orElseThrow(() -> new IllegalArgumentException(
                    "Vault did not report the type of mount \"" + mount + "\"; pass the version: kv(mount, KvVersion.V2)"));
        }
        if (path != null && !ApiPaths.relative(path).equals(mount)) {
            throw new IllegalArgumentException("\"" + mount + "\" is not a mount: it lies below the mount \""
                    + ApiPaths.relative(path) + "\"; use kv(\"" + ApiPaths.relative(path) + "\") and a path below it");
        }
        if (type.equals("kv-v2")) {
            return KvVersion.V2;
        }
        if (!type.equals("kv") && !type.equals("generic")) {
            throw new IllegalArgumentException("mount \"" + mount + "\" is a " + type + " engine, not KV");
        }
        String version = ClientJson.text(data == null ? null : data.get("options"), "version");
        return "2".equals(version) ? KvVersion.V2 : KvVersion.V1;
    }

    /** Token operations: create, look up, renew and revoke tokens. */
    public TokenOperations token() {
        return token;
    }

    /** The database secrets engine mounted at {@code database}: configs, roles and leased credentials. */
    public DatabaseOperations database() {
        return database("database");
    }

    /** The database secrets engine mounted at {@code mount}. */
    public DatabaseOperations database(String mount) {
        return Access.operations(DatabaseOperations.class, calls, ApiPaths.mount(mount));
    }

    /** Leases of dynamic secrets: look up, renew, revoke and list ({@code sys/leases}). */
    public LeaseOperations leases() {
        return Access.operations(LeaseOperations.class, calls, null);
    }

    /** System operations: health, seal, mounts, auth methods, policies. */
    public SysOperations sys() {
        return sys;
    }

    /** Administration of the AppRole auth method mounted at {@code approle}. */
    public AppRoleOperations appRole() {
        return Access.operations(AppRoleOperations.class, calls, "approle");
    }

    /** Administration of the AppRole auth method mounted at {@code auth/<mount>}. */
    public AppRoleOperations appRole(String mount) {
        return Access.operations(AppRoleOperations.class, calls, ApiPaths.mount(mount));
    }

    /**
     * Event notifications ({@code sys/events/subscribe}) in this client's namespace, with its
     * current token: Vault Enterprise and Flowvault's embedded server serve them.
     */
    public EventOperations events() {
        String ns = calls.namespace() != null ? calls.namespace() : config.namespace().orElse(null);
        return Access.make(EventOperations.class, config.address(), config.sslContext(), config.connectTimeout(),
                (java.util.function.Supplier<String>) () -> tokens.token().value(), ns);
    }

    /** Read, write, list and delete at any API path, for engines without a typed API. */
    public LogicalOperations logical() {
        return logical;
    }

    /**
     * A view of this client that sends {@code token} instead of its own, sharing the connection
     * pool: cheap enough to make per request (one per user, for example). The view never renews
     * or revokes {@code token}; closing it does nothing.
     */
    public VaultClient withToken(VaultToken token) {
        Objects.requireNonNull(token, "token");
        TokenSource fixed = new TokenSources.FixedTokenSource(token);
        return new VaultClient(config, transport, fixed, calls.withTokens(fixed), shared, false);
    }

    /**
     * A view of this client that works in {@code namespace} (null or "" for the root namespace),
     * sharing its token and connection pool. Closing it does nothing.
     */
    public VaultClient withNamespace(String namespace) {
        String ns = namespace == null ? "" : ApiPaths.relative(namespace);
        return new VaultClient(config, transport, tokens, calls.withNamespace(ns), shared, false);
    }

    /**
     * Ends the token session (revoking a token the client logged in for) and closes the connection
     * pool. Idempotent. Views of a closed client fail with {@link VaultException.Unavailable}.
     */
    @Override
    public void close() {
        if (!owner || !shared.closed.compareAndSet(false, true)) {
            return;
        }
        try {
            tokens.close();
        } finally {
            transport.close();
        }
    }

    @Override
    public String toString() {
        return "VaultClient[" + config.address() + (calls.namespace() == null ? "" : ", namespace=" + calls.namespace()) + "]";
    }

    /** Builds a {@link VaultClient}; {@link #build()} validates. */
    public static final class Builder {
        private VaultClientConfig config;
        private Authentication authentication;
        private RequestObserver observer;
        private java.time.Clock clock;
        private java.util.function.Consumer<SessionEvent> sessionEvents;

        private Builder() {
        }

        /** Where and how to connect; default {@link VaultClientConfig#fromEnvironment()}. */
        public Builder config(VaultClientConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /**
         * How to obtain a token (a login method from the {@code auth} package). Without one the
         * client uses {@link VaultClientConfig#token()}, and without that only unauthenticated calls work.
         */
        public Builder authentication(Authentication authentication) {
            this.authentication = Objects.requireNonNull(authentication, "authentication");
            return this;
        }

        /** Told the duration and outcome of every request, logins included (metrics); none by default. */
        public Builder observer(RequestObserver observer) {
            this.observer = Objects.requireNonNull(observer, "observer");
            return this;
        }

        /**
         * Told about the login session's renewals, re-logins and failures (an
         * {@link #authentication(Authentication)} session); never given a token. Must not block.
         */
        public Builder sessionEvents(java.util.function.Consumer<SessionEvent> listener) {
            this.sessionEvents = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** The clock that dates the session's leases and events; the system clock by default. */
        public Builder clock(java.time.Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Creates the connection pool; no request is sent until the first call (logins are lazy). */
        public VaultClient build() {
            VaultClientConfig c = config != null ? config : VaultClientConfig.fromEnvironment();
            HttpVaultTransport transport = new HttpVaultTransport(c.address(), c.namespace().orElse(null), c.sslContext(),
                    c.connectTimeout(), c.readTimeout(), c.retry().maxAttempts(), c.retry()::delayAfter);
            VaultTransport sending = observer == null ? transport : observed(transport, observer);
            org.flowvault.vault.client.internal.session.SessionOptions.Builder session =
                    org.flowvault.vault.client.internal.session.SessionOptions.builder();
            if (clock != null) {
                session.clock(clock);
            }
            if (sessionEvents != null) {
                session.listener(sessionEvents::accept);
            }
            TokenSource tokens = TokenSources.create(sending, authentication, c, session.build());
            return new VaultClient(c, transport, tokens, new VaultCalls(sending, tokens, null), new Shared(), true);
        }

        private static VaultTransport observed(VaultTransport transport, RequestObserver observer) {
            return (method, path, body, token, namespace, headers) -> {
                long start = System.nanoTime();
                try {
                    JsonNode answer = transport.send(method, path, body, token, namespace, headers);
                    observer.completed(System.nanoTime() - start, null);
                    return answer;
                } catch (VaultException e) {
                    observer.completed(System.nanoTime() - start, e);
                    throw e;
                }
            };
        }
    }

    /**
     * Told about every request a {@link VaultClient} sends, once it is answered or has failed (after
     * the transport's retries): how long it took, and the failure if there was one. For metrics; it
     * sees no path, body or token.
     *
     * <p>Called on the requesting thread, so it must be cheap and must not throw.
     *
     * <p>Nulls: arguments are required unless a parameter says null is allowed; results are never
     * null unless documented ("or null").
     */
    @FunctionalInterface
    public interface RequestObserver {

        /**
         * @param nanos   the request's duration, retries included
         * @param failure what the call throws, or null when it succeeded
         */
        void completed(long nanos, VaultException failure);
    }
}
