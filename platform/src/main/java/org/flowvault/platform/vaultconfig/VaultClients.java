package org.flowvault.platform.vaultconfig;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.metrics.PlatformMetrics;
import org.flowvault.vault.client.SessionEvent;
import org.flowvault.vault.client.VaultException;
import org.flowvault.vault.client.VaultToken;
import org.flowvault.vault.client.auth.Authentication;
import org.flowvault.vault.client.core.VaultClient;
import org.flowvault.vault.client.core.VaultClientConfig;
import org.flowvault.vault.client.core.VaultClientConfig.RetryPolicy;
import org.flowvault.vault.client.kv.KvVersion;

/**
 * One {@link VaultClient} per configuration, kept and reused (one connection pool per Vault), and
 * rebuilt when the configuration changes: a tokenless base client that user tokens ride on via
 * {@link VaultClient#withToken(VaultToken)}, and for machine/shared identities a client logged in
 * with the configured AppRole, userpass, LDAP, Kubernetes, JWT or certificate login (in the
 * configuration's auth namespace), whose token session renews itself and logs in again when its
 * token is capped or revoked; every login, renewal and failure of those sessions is recorded in the
 * configuration's {@link IdentityStatus}. A rebuilt client's predecessor is closed (its login token
 * revoked). Thread-safe; close at shutdown.
 */
public final class VaultClients implements AutoCloseable {
    private final VaultConfigurations configs;
    private final Options options;
    private final PlatformMetrics metrics;
    private final java.util.function.Function<String, String> environment;
    private final ConcurrentMap<java.util.UUID, Entry> entries = new ConcurrentHashMap<>();
    private final ConcurrentMap<java.util.UUID, Object> locks = new ConcurrentHashMap<>();

    /**
     * Network settings for every client.
     *
     * @param connectTimeout how long opening a connection may take
     * @param readTimeout    how long one request may wait
     * @param retry          retries of the HTTP layer (the renewal job has its own backoff on top)
     */
    public record Options(Duration connectTimeout, Duration readTimeout, RetryPolicy retry) {
        public Options {
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            Objects.requireNonNull(readTimeout, "readTimeout");
            Objects.requireNonNull(retry, "retry");
        }

        /** 5 s to connect, 30 s to answer, the client's default retries. */
        public static Options defaults() {
            return new Options(Duration.ofSeconds(5), Duration.ofSeconds(30), RetryPolicy.defaults());
        }
    }

    private record Entry(VaultConfiguration config, VaultClient base, long revision, VaultClient shared) {
    }

    public VaultClients(VaultConfigurations configs, Options options) {
        this(configs, options, PlatformMetrics.none());
    }

    /** As {@link #VaultClients(VaultConfigurations, Options)}, reporting every request's latency and failure per configuration. */
    public VaultClients(VaultConfigurations configs, Options options, PlatformMetrics metrics) {
        this(configs, options, metrics, System::getenv);
    }

    /**
     * As {@link #VaultClients(VaultConfigurations, Options, PlatformMetrics)}, reading the environment
     * variables that JWT configurations name from {@code environment} (the server's own by default).
     */
    public VaultClients(VaultConfigurations configs, Options options, PlatformMetrics metrics,
                        java.util.function.Function<String, String> environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
        this.configs = Objects.requireNonNull(configs, "configs");
        this.options = Objects.requireNonNull(options, "options");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        configs.onDelete(this::evict);
    }

    /**
     * The tokenless client of {@code config}: call {@code withToken(userToken)} on it for a view
     * acting as a user. Owned here; do not close it.
     *
     * @throws PlatformException INVALID when the configuration cannot make a client (bad PEM)
     */
    public VaultClient base(VaultConfiguration config) {
        Entry e = entries.get(config.id());
        if (e != null && e.config().equals(config)) {
            return e.base();
        }
        synchronized (lock(config.id())) {
            e = entries.get(config.id());
            if (e != null && e.config().equals(config)) {
                return e.base();
            }
            Entry fresh = new Entry(config, build(config, options), -1, null);
            entries.put(config.id(), fresh);
            closeQuietly(e);
            return fresh.base();
        }
    }

    /**
     * The client acting as {@code config}'s machine or shared identity, logged in now if it was not
     * yet (so bad credentials fail here, not on first use).
     *
     * @throws PlatformException INVALID when credentials are missing; UNAVAILABLE when the login fails
     */
    VaultClient shared(VaultConfiguration config) {
        long revision = configs.stored(config.id()).map(VaultConfigurations.Stored::revision)
                .orElseThrow(() -> VaultConfigurations.notFound(config.name()));
        Entry e = entries.get(config.id());
        if (e != null && e.config().equals(config) && e.revision() == revision && e.shared() != null) {
            return e.shared();
        }
        synchronized (lock(config.id())) {
            e = entries.get(config.id());
            if (e != null && e.config().equals(config) && e.revision() == revision && e.shared() != null) {
                return e.shared();
            }
            boolean sameBase = e != null && e.config().equals(config);
            VaultClient base = sameBase ? e.base() : build(config, options);
            VaultClient shared;
            try {
                shared = loggedIn(config, base, options, true);
            } catch (RuntimeException failed) {
                if (!sameBase) {
                    base.close();
                }
                throw failed;
            }
            entries.put(config.id(), new Entry(config, base, revision, shared));
            if (sameBase) {
                closeShared(e);
            } else {
                closeQuietly(e);
            }
            return shared;
        }
    }

    private Object lock(java.util.UUID id) {
        return locks.computeIfAbsent(id, k -> new Object());
    }

    /**
     * A new client acting as {@code config}'s identity, not cached, without retries: for connection
     * tests. The caller closes it. For USER_TOKEN pass the token to test with.
     */
    VaultClient fresh(VaultConfiguration config, VaultToken userToken) {
        Options once = new Options(options.connectTimeout(), options.readTimeout(), RetryPolicy.none());
        if (config.authMethod() == VaultConfiguration.AuthMethod.USER_TOKEN) {
            configs.checkAllowed(config);
            return client(config).config(vaultConfig(config, once, userToken, null)).build();
        }
        return loggedIn(config, null, once, false);
    }

    /** What the configuration's shared identity lacks, as a sentence; empty when its credentials are complete. */
    java.util.Optional<String> missingCredentials(VaultConfiguration config) {
        return missing(config, configs.credentials(config.id()));
    }

    private static java.util.Optional<String> missing(VaultConfiguration config, VaultCredentials creds) {
        String missing = switch (config.authMethod()) {
            case APPROLE -> creds.roleId() == null || creds.secretId() == null ? "role id and secret id" : null;
            case USERPASS, LDAP -> creds.username() == null || creds.password() == null ? "username and password" : null;
            case SHARED_TOKEN -> creds.token() == null ? "token" : null;
            case CERT -> creds.certificatePem() == null || creds.privateKeyPem() == null ? "client certificate and private key" : null;
            case KUBERNETES, JWT -> null;
            case USER_TOKEN -> throw new IllegalArgumentException("USER_TOKEN configurations have no shared identity");
        };
        return java.util.Optional.ofNullable(missing).map(m -> "vault configuration '" + config.name() + "' uses "
                + config.authMethod() + " but its " + m + " are not set; an admin must set them (flowvault vault-config "
                + "credentials " + config.name() + ")");
    }

    /**
     * A client logged in as {@code config}'s identity. With {@code record}, the login and every later
     * event of its session (renewal, re-login, failure) is recorded in the configuration's status.
     */
    private VaultClient loggedIn(VaultConfiguration config, VaultClient base, Options opts, boolean record) {
        configs.checkAllowed(config);
        VaultCredentials creds = configs.credentials(config.id());
        java.util.Optional<String> missing = missing(config, creds);
        if (missing.isPresent()) {
            throw PlatformException.invalid(missing.get());
        }
        if (config.authMethod() == VaultConfiguration.AuthMethod.SHARED_TOKEN) {
            VaultToken token = VaultToken.of(creds.token());
            return base != null ? base.withToken(token) : client(config).config(vaultConfig(config, opts, token, creds)).build();
        }
        IdentityStatuses statuses = configs.statuses();
        Authentication auth;
        try {
            auth = authentication(config, creds);
        } catch (PlatformException e) {
            if (record) {
                statuses.failed(config.id(), e.getMessage());
            }
            throw e;
        }
        VaultClient.Builder builder = client(config).config(vaultConfig(config, opts, null, creds)).authentication(auth);
        if (record) {
            builder.clock(configs.clock()).sessionEvents(event -> recordEvent(config, event));
        }
        VaultClient client = builder.build();
        try {
            // logs in now, so bad credentials surface here, once; asked where the token lives (a token
            // from a parent namespace may not look itself up from the data namespace)
            client.withNamespace(config.loginNamespace()).token().lookupSelf();
        } catch (RuntimeException e) {
            client.close();
            String message = loginFailure(config, e);
            if (record) {
                statuses.failed(config.id(), message);
            }
            throw new PlatformException(PlatformException.Reason.UNAVAILABLE, message, e);
        }
        if (record) {
            statuses.loggedIn(config.id());
        }
        return client;
    }

    /** Where a configuration logs in, for messages: "KUBERNETES at auth/kubernetes in namespace 'ns-auth'". */
    static String loginPlace(VaultConfiguration config) {
        String ns = config.loginNamespace();
        return config.authMethod() + " at auth/" + config.authMount() + (ns == null ? "" : " in namespace '" + ns + "'");
    }

    /**
     * A sentence naming the configuration and what failed. For the KUBERNETES, JWT and CERT methods
     * Vault's refusal text is included (which claim, role or binding did not match is the whole
     * diagnosis), scrubbed of token-shaped words; for the password and AppRole methods it says
     * nothing an admin can use, so no remote text is echoed.
     */
    static String loginFailure(VaultConfiguration config, Throwable e) {
        String what = "login to vault configuration '" + config.name() + "' (" + loginPlace(config) + ")";
        VaultFailure kind = VaultFailure.of(e);
        if (e instanceof VaultException.LoginFailed lf && lf.status() == 0 && lf.getCause() instanceof java.io.IOException) {
            return what + " failed: the JWT file " + config.jwtFile() + " is missing or unreadable by the server ("
                    + lf.getCause().getClass().getSimpleName() + "); check the path and its permissions";
        }
        String message = kind.describe(what, e);
        boolean explains = config.authMethod() == VaultConfiguration.AuthMethod.KUBERNETES
                || config.authMethod() == VaultConfiguration.AuthMethod.JWT || config.authMethod() == VaultConfiguration.AuthMethod.CERT;
        if (explains && kind == VaultFailure.LOGIN_FAILED && e instanceof VaultException v && !v.errors().isEmpty()) {
            message += "; Vault said: " + IdentityStatuses.scrub(String.join("; ", v.errors()));
        }
        return message;
    }

    private Authentication authentication(VaultConfiguration config, VaultCredentials creds) {
        return switch (config.authMethod()) {
            case APPROLE -> Authentication.appRole().mount(config.authMount()).roleId(creds.roleId()).secretId(creds.secretId()).build();
            case USERPASS -> Authentication.userpass().mount(config.authMount()).username(creds.username())
                    .password(creds.password()).build();
            case LDAP -> Authentication.ldap().mount(config.authMount()).username(creds.username()).password(creds.password()).build();
            case KUBERNETES -> Authentication.kubernetes().mount(config.authMount()).role(config.authRole())
                    .jwtFile(java.nio.file.Path.of(config.jwtFile())).build();
            case JWT -> {
                Authentication.Jwt.Builder b = Authentication.jwt().mount(config.authMount()).role(config.authRole());
                if (config.jwtFile() != null) {
                    b.jwtFile(java.nio.file.Path.of(config.jwtFile()));
                } else {
                    String jwt = environment.apply(config.jwtEnvVariable());
                    if (jwt == null || jwt.isBlank()) {
                        throw PlatformException.invalid("vault configuration '" + config.name() + "' reads its JWT from the environment "
                                + "variable " + config.jwtEnvVariable() + ", which is not set (or empty) on the server; set it and restart, "
                                + "or configure a JWT file");
                    }
                    b.jwt(jwt.strip());
                }
                yield b.build();
            }
            case CERT -> Authentication.cert().mount(config.authMount()).role(config.authRole()).build();
            case USER_TOKEN, SHARED_TOKEN -> throw new IllegalArgumentException(config.authMethod() + " does not log in");
        };
    }

    /** Records a session event of {@code config}'s identity (never a token: events carry none). */
    private void recordEvent(VaultConfiguration config, SessionEvent event) {
        IdentityStatuses statuses = configs.statuses();
        switch (event.type()) {
            case REAUTHENTICATED -> statuses.loggedIn(config.id(), event.time());
            case RENEWED -> statuses.renewed(config.id(), event.time());
            case LOGIN_FAILED -> statuses.failed(config.id(), event.error() == null ? "login to vault configuration '" + config.name()
                    + "' failed" : loginFailure(config, event.error()));
            case RENEWAL_FAILED -> statuses.failed(config.id(), VaultFailure.of(event.error()).describe("renewal of the token of vault "
                    + "configuration '" + config.name() + "'", event.error()) + "; logging in again");
            case EXPIRED -> statuses.failed(config.id(), "the token of vault configuration '" + config.name()
                    + "' expired or was revoked; logging in again");
            case CAPPED, EXPIRING -> {
                // a capped token is replaced by a new login at once; the REAUTHENTICATED event records it
            }
        }
    }

    private VaultClient build(VaultConfiguration config, Options opts) {
        configs.checkAllowed(config);
        return client(config).config(vaultConfig(config, opts, null, null)).build();
    }

    /** A client builder whose requests count in the configuration's metrics (by its name only). */
    private VaultClient.Builder client(VaultConfiguration config) {
        return VaultClient.builder().observer(metrics.vaultRequests(config.name()));
    }

    /** The client settings of {@code c}; {@code creds} supply the CERT method's client certificate (null otherwise). */
    private static VaultClientConfig vaultConfig(VaultConfiguration c, Options opts, VaultToken token, VaultCredentials creds) {
        try {
            VaultClientConfig.Builder b = VaultClientConfig.builder()
                    .address(c.url().toString())
                    .namespace(c.namespace())
                    .authNamespace(c.authNamespace())
                    .connectTimeout(opts.connectTimeout())
                    .readTimeout(opts.readTimeout())
                    .retry(opts.retry())
                    .token(token);
            if (c.caCertificatePem() != null) {
                b.caCertificatePem(c.caCertificatePem());
            }
            if (c.authMethod() == VaultConfiguration.AuthMethod.CERT && creds != null) {
                b.clientCertificatePem(creds.certificatePem(), creds.privateKeyPem());
            }
            if (c.kvVersion() != VaultConfiguration.KvVersionSetting.AUTO) {
                b.defaultKvVersion(c.kvVersion() == VaultConfiguration.KvVersionSetting.V2 ? KvVersion.V2 : KvVersion.V1);
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw PlatformException.invalid("vault configuration '" + c.name() + "' cannot be used: " + e.getMessage());
        }
    }

    /** Drops (and closes) the clients of configuration {@code id}, e.g. after it was deleted. */
    public void evict(java.util.UUID id) {
        closeQuietly(entries.remove(id));
    }

    private static void closeShared(Entry e) {
        if (e != null && e.shared() != null && e.shared() != e.base()) {
            try {
                e.shared().close();
            } catch (RuntimeException ignored) {
                // revoking the old login token is best effort; it expires on its own
            }
        }
    }

    private static void closeQuietly(Entry e) {
        if (e == null) {
            return;
        }
        closeShared(e);
        try {
            e.base().close();
        } catch (RuntimeException ignored) {
            // closing a pool does not fail in a way anyone can act on
        }
    }

    @Override
    public void close() {
        for (java.util.UUID id : entries.keySet()) {
            evict(id);
        }
    }

    @Override
    public String toString() {
        return "VaultClients[" + entries.size() + " configurations]";
    }
}
