package org.flowvault.platform.resolution;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.flowvault.platform.vaultconfig.VaultConfiguration;
import org.flowvault.platform.vaultconfig.VaultIdentity;
import org.flowvault.vault.client.VaultException;
import org.flowvault.vault.client.core.VaultClient;
import org.flowvault.vault.client.events.EventOperations.EventListener;
import org.flowvault.vault.client.events.EventOperations.EventSubscription;
import org.flowvault.vault.client.events.EventOperations.VaultEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushed invalidation: for each configuration whose Vault serves event notifications (Flowvault's
 * embedded server, Vault Enterprise), one {@code kv*} subscription per node forgets the cached
 * entries of every changed path as the change happens. Every node holds its own subscription, so
 * an event is applied locally and not relayed over the {@link InvalidationBus}.
 *
 * <p>The first subscription per configuration is the probe: a Vault that answers 404 (Vault OSS),
 * or refuses the identity (403), serves no events to this configuration, and nothing is retried
 * until the configuration's address changes. A broken subscription is reopened with backoff
 * ({@value #FIRST_BACKOFF_MS} ms doubling to {@value #MAX_BACKOFF_MS} ms); each reopening forgets
 * the configuration's entries, since changes may have been missed meanwhile. While disconnected
 * (and for entries read before the first subscription) the cache's TTL and revalidation rules
 * hold as they are.
 *
 * <p>The subscription uses the identity of the first resolution through the configuration on
 * this node: events for paths it cannot read do not arrive, and those paths keep the TTL rules.
 */
final class ChangeEvents implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeEvents.class);
    static final long FIRST_BACKOFF_MS = 250;
    static final long MAX_BACKOFF_MS = 30_000;

    private final SecretCache cache;
    private final Map<UUID, Feed> feeds = new ConcurrentHashMap<>();
    private final ScheduledExecutorService reconnects = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("vault-events-reconnect").factory());
    private final LongAdder applied = new LongAdder();
    private volatile boolean closed;

    ChangeEvents(SecretCache cache) {
        this.cache = cache;
    }

    enum State { CONNECTING, CONNECTED, DISCONNECTED, UNSUPPORTED }

    /** One configuration's subscription on this node. */
    private final class Feed implements EventListener {
        final UUID configId;
        final String name;
        final URI url;
        volatile VaultClient client;
        volatile State state = State.CONNECTING;
        volatile EventSubscription subscription;
        long backoffMs = FIRST_BACKOFF_MS;
        boolean connectedBefore;

        Feed(VaultConfiguration config, VaultClient client) {
            this.configId = config.id();
            this.name = config.name();
            this.url = config.url();
            this.client = client;
        }

        void open() {
            if (closed) {
                return;
            }
            try {
                EventSubscription s = client.events().subscribe("kv*", this);
                subscription = s;
                state = State.CONNECTED;
                backoffMs = FIRST_BACKOFF_MS;
                if (connectedBefore) {
                    cache.applyLocally(new Invalidation(configId, null)); // changes made while disconnected are unknown
                }
                connectedBefore = true;
                if (closed) {
                    s.close();
                }
            } catch (VaultException.NotFound | VaultException.PermissionDenied | VaultException.InvalidRequest e) {
                state = State.UNSUPPORTED;
                LOG.info("vault configuration \"{}\": no change events ({}); cached secrets follow the TTL and revalidation rules", name, e.getMessage());
            } catch (VaultException e) {
                retryLater(e.getMessage());
            } catch (RuntimeException e) {
                retryLater(e.getClass().getSimpleName());
            }
        }

        private void retryLater(String why) {
            state = State.DISCONNECTED;
            long delay = backoffMs;
            backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
            LOG.debug("vault configuration \"{}\": change events unavailable ({}); retrying in {} ms", name, why, delay);
            if (!closed) {
                reconnects.schedule(this::open, delay, TimeUnit.MILLISECONDS);
            }
        }

        @Override
        public void onEvent(VaultEvent event) {
            String path = event.dataPath() != null ? event.dataPath() : event.path();
            if (path != null) {
                cache.applyLocally(new Invalidation(configId, path));
                applied.increment();
            }
        }

        @Override
        public void onEnded(String reason) {
            subscription = null;
            if (!closed) {
                retryLater(reason);
            }
        }

        void close() {
            EventSubscription s = subscription;
            if (s != null) {
                s.close();
            }
        }
    }

    /**
     * Makes sure a subscription for {@code config} exists or is being opened on this node (the
     * first call probes; later calls are a map lookup). Never blocks the caller on Vault.
     */
    void watch(VaultConfiguration config, VaultIdentity identity) {
        if (closed) {
            return;
        }
        Feed existing = feeds.get(config.id());
        if (existing != null && existing.url.equals(config.url())) {
            if (existing.state == State.DISCONNECTED) {
                existing.client = client(config, identity); // the old identity's token may be what failed
            }
            return;
        }
        VaultClient client = client(config, identity);
        Feed feed = new Feed(config, client);
        Feed before = existing == null ? feeds.putIfAbsent(config.id(), feed)
                : feeds.replace(config.id(), existing, feed) ? null : feeds.get(config.id());
        if (before != null) {
            return; // another resolution got there first
        }
        if (existing != null) {
            existing.close();
        }
        reconnects.execute(feed::open);
    }

    private static VaultClient client(VaultConfiguration config, VaultIdentity identity) {
        String ns = config.namespace();
        return ns == null || ns.isBlank() ? identity.client() : identity.client().withNamespace(ns);
    }

    /** The state of a configuration's subscription on this node, or null when none was asked for. */
    State state(UUID configId) {
        Feed f = feeds.get(configId);
        return f == null ? null : f.state;
    }

    /** How many events invalidated cached entries on this node. */
    long appliedCount() {
        return applied.sum();
    }

    @Override
    public void close() {
        closed = true;
        feeds.values().forEach(Feed::close);
        feeds.clear();
        reconnects.shutdownNow();
    }
}
