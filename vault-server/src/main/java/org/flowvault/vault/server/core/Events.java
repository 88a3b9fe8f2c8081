package org.flowvault.vault.server.core;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.flowvault.vault.server.internal.ServerJson;
import org.flowvault.vault.server.namespace.Namespace;
import org.flowvault.vault.server.policy.Acl;
import org.flowvault.vault.server.policy.Operation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vault's event notifications, in the shape Vault Enterprise sends over
 * {@code sys/events/subscribe/TYPE} (a CloudEvents JSON envelope). Backends {@link #publish}
 * what changed (paths and versions, never values); the HTTP layer {@link Core#subscribeEvents
 * subscribes} a token to a type pattern. An event reaches a subscriber only when it is of the
 * subscriber's namespace and the token may, at delivery time, read or list the event's path:
 * a revoked or expired token, or a sealed core, ends the subscription.
 *
 * <p>Delivery runs on one virtual thread, in publishing order, so a write never waits for subscribers.
 */
public final class Events {
    private static final Logger LOG = LoggerFactory.getLogger(Events.class);
    /** What an event type pattern may hold: Vault's types ({@code kv-v2/data-write}) and the {@code *} wildcard. */
    private static final Pattern PATTERN_CHARS = Pattern.compile("[A-Za-z0-9_./*-]{1,128}");

    private final Core core;
    private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("vault-events").factory());

    Events(Core core) {
        this.core = core;
    }

    /** One published event: where it happened and its JSON as sent. */
    private record Event(String type, Namespace namespace, String path, String json) {
    }

    /** A subscriber: a token, the namespace it watches, the type pattern, and where events go. */
    private final class Subscription implements AutoCloseable {
        final String token;
        final Namespace namespace;
        final Pattern type;
        final Consumer<String> sink;
        final Runnable onEnd;

        Subscription(String token, Namespace namespace, Pattern type, Consumer<String> sink, Runnable onEnd) {
            this.token = token;
            this.namespace = namespace;
            this.type = type;
            this.sink = sink;
            this.onEnd = onEnd;
        }

        @Override
        public void close() {
            subscriptions.remove(this);
        }
    }

    /** Whether anyone is subscribed at all. */
    boolean hasSubscribers() {
        return !subscriptions.isEmpty();
    }

    /**
     * Publishes a change a backend made while serving {@code request}. {@code metadata} describes
     * it (Vault's keys: {@code path}, {@code data_path}, {@code operation}, versions); it must
     * never carry secret values. The event's {@code path} is what the subscriber's ACL is checked on.
     */
    public void publish(Request request, String eventType, Map<String, String> metadata) {
        if (subscriptions.isEmpty()) {
            return;
        }
        String id = UUID.randomUUID().toString();
        MountEntry mount = request.mount();
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", id);
        event.put("metadata", metadata);
        Map<String, Object> plugin = new LinkedHashMap<>();
        plugin.put("mount_class", MountEntry.AUTH.equals(mount.table()) ? "auth" : "secret");
        plugin.put("mount_accessor", mount.accessor());
        plugin.put("mount_path", mount.path());
        plugin.put("plugin", mount.type());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("event", event);
        data.put("event_type", eventType);
        data.put("plugin_info", plugin);
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("id", id);
        envelope.put("source", "vault://" + core.clusterName());
        envelope.put("specversion", "1.0");
        envelope.put("type", eventType);
        envelope.put("data", data);
        envelope.put("datacontenttype", "application/cloudevents");
        envelope.put("time", OffsetDateTime.ofInstant(core.clock().instant(), ZoneOffset.UTC).toString());
        Event e = new Event(eventType, request.namespace(), metadata.get("path"), new String(ServerJson.write(envelope), java.nio.charset.StandardCharsets.UTF_8));
        try {
            delivery.execute(() -> deliver(e));
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // shutting down: nobody left to tell
        }
    }

    private void deliver(Event e) {
        for (Subscription s : subscriptions) {
            try {
                Boolean visible = visible(s, e);
                if (visible == null) {
                    s.close();
                    s.onEnd.run();
                } else if (visible) {
                    s.sink.accept(e.json);
                }
            } catch (RuntimeException ex) {
                LOG.warn("event delivery to a subscriber failed: {}", ex.toString());
            }
        }
    }

    /** Whether {@code s} may see {@code e}; null when the subscription must end (token gone, core sealed). */
    private Boolean visible(Subscription s, Event e) {
        if (core.sealed()) {
            return null;
        }
        TokenEntry token = core.tokens().lookup(s.token);
        if (token == null) {
            return null;
        }
        if (!s.namespace.path().equals(e.namespace.path()) || !s.type.matcher(e.type).matches() || e.path == null) {
            return false;
        }
        Namespace tokenNs = core.namespaceById(token.namespaceId());
        if (tokenNs == null || !tokenNs.contains(s.namespace)) {
            return null;
        }
        String aclPath = s.namespace.path().substring(tokenNs.path().length()) + e.path;
        Acl acl = core.policies(tokenNs).aclFor(token.policies());
        return acl.allowed(aclPath, Operation.READ) || acl.allowed(aclPath, Operation.LIST);
    }

    /**
     * Subscribes a token to the events matching {@code typePattern} in the namespace named by
     * {@code namespaceHeader} (the token's own when absent). The token needs {@code read} or
     * {@code subscribe} on {@code sys/events/subscribe/TYPE}.
     *
     * @param onEnd called once when the server ends the subscription (token revoked or expired, core sealed)
     * @throws VaultError 400 for a malformed pattern, 403 for a missing or unauthorized token, 503 while sealed
     */
    AutoCloseable subscribe(String token, String namespaceHeader, String typePattern, Consumer<String> sink, Runnable onEnd) {
        if (core.sealed()) {
            throw VaultError.sealed();
        }
        if (typePattern == null || !PATTERN_CHARS.matcher(typePattern).matches()) {
            throw VaultError.badRequest("invalid event type: use 1 to 128 letters, digits, '-', '_', '.', '/' and the wildcard '*', e.g. kv* or kv-v2/data-write");
        }
        TokenEntry entry = token == null || token.isEmpty() ? null : core.tokens().lookup(token);
        if (entry == null) {
            throw VaultError.permissionDenied();
        }
        Namespace tokenNs = core.namespaceById(entry.namespaceId());
        String nsPath = RequestPipeline.normalizeNamespace(namespaceHeader);
        Namespace ns = nsPath.isEmpty() ? tokenNs : core.namespace(nsPath);
        if (tokenNs == null || ns == null || !tokenNs.contains(ns)) {
            throw VaultError.permissionDenied();
        }
        String aclPath = ns.path().substring(tokenNs.path().length()) + "sys/events/subscribe/" + typePattern;
        Acl acl = core.policies(tokenNs).aclFor(entry.policies());
        var caps = acl.capabilities(aclPath);
        if (!(caps.contains("root") || caps.contains("read") || caps.contains("subscribe"))) {
            throw VaultError.permissionDenied();
        }
        Subscription s = new Subscription(token, ns, glob(typePattern), sink, onEnd);
        subscriptions.add(s);
        return s;
    }

    /** Ends every subscription (the core sealed). */
    void endAll() {
        for (Subscription s : subscriptions) {
            s.close();
            s.onEnd.run();
        }
    }

    /** Vault's event type glob: {@code *} matches any run of characters, everything else itself. */
    static Pattern glob(String pattern) {
        StringBuilder re = new StringBuilder();
        for (String part : pattern.split("\\*", -1)) {
            if (!re.isEmpty() || pattern.startsWith("*")) {
                re.append(".*");
            }
            re.append(Pattern.quote(part));
        }
        return Pattern.compile(re.toString());
    }
}
