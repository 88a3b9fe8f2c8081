package org.flowvault.platform.vaultconfig;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.flowvault.platform.PlatformException;
import org.flowvault.platform.metrics.PlatformMetrics;
import org.flowvault.vault.client.RetryPolicy;
import org.flowvault.vault.client.VaultClient;
import org.flowvault.vault.client.VaultClientConfig;
import org.flowvault.vault.client.VaultToken;
import org.flowvault.vault.client.auth.AppRoleAuthentication;
import org.flowvault.vault.client.auth.Authentication;
import org.flowvault.vault.client.auth.PasswordAuthentication;
import org.flowvault.vault.client.kv.KvVersion;

/**
 * One {@link VaultClient} per configuration, kept and reused (one connection pool per Vault), and
 * rebuilt when the configuration changes: a tokenless base client that user tokens ride on via
 * {@link VaultClient#withToken(VaultToken)}, and for machine/shared identities a client logged in
 * with the configured AppRole, userpass or LDAP credentials, whose token session renews itself and
 * logs in again when needed. A rebuilt client's predecessor is closed (its login token revoked).
 * Thread-safe; close at shutdown.
 */
public final class VaultClients implements AutoCloseable {
    private final VaultConfigurations configs;
    private final Options options;
    private final PlatformMetrics metrics;
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
                shared = loggedIn(config, base, options);
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
            return client(config).config(vaultConfig(config, once, userToken)).build();
        }
        return loggedIn(config, null, once);
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
            case USER_TOKEN -> throw new IllegalArgumentException("USER_TOKEN configurations have no shared identity");
        };
        return java.util.Optional.ofNullable(missing).map(m -> "vault configuration '" + config.name() + "' uses "
                + config.authMethod() + " but its " + m + " are not set; an admin must set them (flowvault vault-config "
                + "credentials " + config.name() + ")");
    }

    private VaultClient loggedIn(VaultConfiguration config, VaultClient base, Options opts) {
        configs.checkAllowed(config);
        VaultCredentials creds = configs.credentials(config.id());
        java.util.Optional<String> missing = missing(config, creds);
        if (missing.isPresent()) {
            throw PlatformException.invalid(missing.get());
        }
        if (config.authMethod() == VaultConfiguration.AuthMethod.SHARED_TOKEN) {
            VaultToken token = VaultToken.of(creds.token());
            return base != null ? base.withToken(token) : client(config).config(vaultConfig(config, opts, token)).build();
        }
        Authentication auth = switch (config.authMethod()) {
            case APPROLE -> AppRoleAuthentication.builder().mount(config.authMount()).roleId(creds.roleId()).secretId(creds.secretId()).build();
            case USERPASS -> PasswordAuthentication.userpass().mount(config.authMount()).username(creds.username())
                    .password(creds.password()).build();
            default -> PasswordAuthentication.ldap().mount(config.authMount()).username(creds.username()).password(creds.password()).build();
        };
        VaultClient client = client(config).config(vaultConfig(config, opts, null)).authentication(auth).build();
        try {
            client.token().lookupSelf(); // logs in now: bad credentials surface here, once
        } catch (RuntimeException e) {
            client.close();
            VaultFailure kind = VaultFailure.of(e);
            throw new PlatformException(PlatformException.Reason.UNAVAILABLE,
                    kind.describe("login to vault configuration '" + config.name() + "' (" + config.authMethod() + " at auth/"
                            + config.authMount() + ")", e), e);
        }
        return client;
    }

    private VaultClient build(VaultConfiguration config, Options opts) {
        configs.checkAllowed(config);
        return client(config).config(vaultConfig(config, opts, null)).build();
    }

    /** A client builder whose requests count in the configuration's metrics (by its name only). */
    private VaultClient.Builder client(VaultConfiguration config) {
        return VaultClient.builder().observer(metrics.vaultRequests(config.name()));
    }

    private static VaultClientConfig vaultConfig(VaultConfiguration c, Options opts, VaultToken token) {
        try {
            VaultClientConfig.Builder b = VaultClientConfig.builder()
                    .address(c.url().toString())
                    .namespace(c.namespace())
                    .connectTimeout(opts.connectTimeout())
                    .readTimeout(opts.readTimeout())
                    .retry(opts.retry())
                    .token(token);
            if (c.caCertificatePem() != null) {
                b.caCertificatePem(c.caCertificatePem());
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
