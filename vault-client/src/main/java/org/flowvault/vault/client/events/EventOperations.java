package org.flowvault.vault.client.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.flowvault.vault.client.VaultException;
import org.flowvault.vault.client.internal.Access;

/**
 * Vault's event notifications ({@code sys/events/subscribe/TYPE} over a WebSocket, JSON): served
 * by Vault Enterprise 1.16+ and Flowvault's embedded server; Vault OSS answers 404. Reached through
 * {@code VaultClient.events()}; each subscription sends the client's current token and namespace.
 *
 * <p>Immutable and thread-safe; each {@code subscribe} opens its own WebSocket.
 * <p>Nulls: arguments are required unless a parameter says null is allowed; results are never
 * null unless documented ("or null").
 *
 * <p>Errors: a call Vault refuses or cannot answer throws a {@link org.flowvault.vault.client.VaultException}
 * subclass (each method names the ones it expects); a malformed argument throws
 * {@link IllegalArgumentException} before any request. Messages never carry a secret.
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/system/events">sys/events</a>
 */
public final class EventOperations {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI address;
    private final SSLContext ssl;
    private final Duration connectTimeout;
    private final Supplier<String> token;
    private final String namespace;

    static {
        Access.maker(EventOperations.class, a -> {
            @SuppressWarnings("unchecked")
            Supplier<String> token = (Supplier<String>) a[3];
            return new EventOperations((URI) a[0], (SSLContext) a[1], (Duration) a[2], token, (String) a[4]);
        });
    }

    /** Made by {@code VaultClient.events()} (through {@link Access}). */
    EventOperations(URI address, SSLContext ssl, Duration connectTimeout, Supplier<String> token, String namespace) {
        this.address = Objects.requireNonNull(address, "address");
        this.ssl = ssl;
        this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
        this.token = Objects.requireNonNull(token, "token");
        this.namespace = namespace;
    }

    /**
     * Subscribes to the events whose type matches {@code eventType} ({@code *} is a wildcard:
     * {@code kv*}, {@code kv-v2/data-write}); returns once Vault accepted the subscription.
     *
     * @throws VaultException.NotFound when this Vault serves no events (Vault OSS)
     * @throws VaultException.PermissionDenied when the token may not subscribe
     * @throws VaultException.InvalidRequest for an event type Vault refuses
     * @throws VaultException.Sealed when Vault is sealed
     * @throws VaultException.Unavailable when Vault cannot be reached
     */
    public EventSubscription subscribe(String eventType, EventListener listener) {
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(listener, "listener");
        String path = "sys/events/subscribe/" + URLEncoder.encode(eventType, StandardCharsets.UTF_8).replace("%2F", "/").replace("%2A", "*");
        String base = address.toString().replaceFirst("^http", "ws");
        URI uri = URI.create((base.endsWith("/") ? base : base + "/") + "v1/" + path + "?json=true");
        HttpClient.Builder hb = HttpClient.newBuilder().connectTimeout(connectTimeout);
        if (ssl != null) {
            hb.sslContext(ssl);
        }
        HttpClient http = hb.build(); // one per subscription: its selector thread ends with it
        WebSocket.Builder wb = http.newWebSocketBuilder().connectTimeout(connectTimeout);
        String t = token.get();
        if (t != null && !t.isEmpty()) {
            wb.header("X-Vault-Token", t);
        }
        if (namespace != null && !namespace.isEmpty()) {
            wb.header("X-Vault-Namespace", namespace);
        }
        AtomicBoolean closed = new AtomicBoolean();
        try {
            WebSocket socket = wb.buildAsync(uri, new Receiver(listener, closed, http)).get(connectTimeout.toMillis() * 2, TimeUnit.MILLISECONDS);
            return new EventSubscription(socket, closed, http);
        } catch (ExecutionException | CompletionException e) {
            http.shutdownNow();
            throw refused(e.getCause() == null ? e : e.getCause(), path);
        } catch (TimeoutException e) {
            http.shutdownNow();
            throw new VaultException.Unavailable("Vault did not accept the event subscription in time", 0, path, List.of(), e);
        } catch (InterruptedException e) {
            http.shutdownNow();
            Thread.currentThread().interrupt();
            throw new VaultException.Unavailable("interrupted while subscribing to events", 0, path, List.of(), e);
        }
    }

    private static VaultException refused(Throwable cause, String path) {
        if (cause instanceof WebSocketHandshakeException h) {
            int status = h.getResponse().statusCode();
            return switch (status) {
                case 404 -> new VaultException.NotFound("this Vault serves no event notifications (Vault Enterprise 1.16+ or Flowvault's server do)",
                        status, path, List.of());
                case 401, 403 -> new VaultException.PermissionDenied("permission denied: the token needs read or subscribe on sys/events/subscribe/*",
                        status, path, List.of());
                case 400 -> new VaultException.InvalidRequest("Vault refused the event subscription request", status, path, List.of());
                case 503 -> new VaultException.Sealed("Vault is sealed", status, path, List.of());
                default -> new VaultException.Unavailable("Vault answered " + status + " to the event subscription", status, path, List.of(), null);
            };
        }
        return new VaultException.Unavailable("cannot reach Vault for events: " + (cause instanceof IOException ? cause.getClass().getSimpleName()
                : cause.toString()), 0, path, List.of(), cause);
    }

    /** Assembles text frames into events; tells the listener once when the socket ends unasked. */
    private static final class Receiver implements WebSocket.Listener {
        private final EventListener listener;
        private final AtomicBoolean closed;
        private final HttpClient http;
        private final StringBuilder partial = new StringBuilder();

        Receiver(EventListener listener, AtomicBoolean closed, HttpClient http) {
            this.listener = listener;
            this.closed = closed;
            this.http = http;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    JsonNode json = JSON.readTree(text);
                    listener.onEvent(VaultEvent.of(json));
                } catch (IOException e) {
                    // not an event: skip it, the next one may be fine
                }
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            ended("Vault closed the subscription (" + statusCode + (reason == null || reason.isEmpty() ? "" : ": " + reason) + ")");
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            ended("the event connection broke: " + error.getClass().getSimpleName());
        }

        private void ended(String reason) {
            if (closed.compareAndSet(false, true)) {
                http.shutdown();
                listener.onEnded(reason);
            }
        }
    }

    /**
     * One event notification as Vault sends it (a CloudEvents envelope), with the fields a cache
     * needs lifted out. Events name paths and versions, never secret values.
     *
     * @param type           the event type, e.g. {@code kv-v2/data-write}
     * @param path           the API path the change was made on, e.g. {@code secret/data/app}
     * @param dataPath       the KV data path it concerns ({@code secret/data/app} for a metadata change too), or null
     * @param currentVersion the KV v2 current version after the change, or 0 when the event does not say
     * @param json           the whole event as Vault sent it (JSON text)
     */
    public record VaultEvent(String type, String path, String dataPath, long currentVersion, String json) {

        static VaultEvent of(JsonNode json) {
            JsonNode meta = json.path("data").path("event").path("metadata");
            String dataPath = meta.path("data_path").asText(null);
            long version = 0;
            try {
                version = Long.parseLong(meta.path("current_version").asText("0"));
            } catch (NumberFormatException e) {
                // not a KV v2 version: leave 0
            }
            return new VaultEvent(json.path("type").asText(""), meta.path("path").asText(null), dataPath, version, json.toString());
        }
    }

    /** Receives a subscription's events, one at a time, on the WebSocket's thread. */
    public interface EventListener {

        void onEvent(VaultEvent event);

        /**
         * The subscription ended without {@link EventSubscription#close()}: Vault closed it (its token
         * was revoked, Vault sealed or restarted) or the connection broke. Events may have been missed.
         *
         * @param reason what happened, for logs; never a token
         */
        default void onEnded(String reason) {
        }
    }

    /** An open event subscription; {@link #close()} ends it (idempotent). */
    public static final class EventSubscription implements AutoCloseable {
        private final WebSocket socket;
        private final AtomicBoolean closed;
        private final HttpClient http;

        EventSubscription(WebSocket socket, AtomicBoolean closed, HttpClient http) {
            this.socket = socket;
            this.closed = closed;
            this.http = http;
        }

        /** Whether events may still arrive. */
        public boolean isOpen() {
            return !closed.get() && !socket.isInputClosed();
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                socket.abort();
                http.shutdownNow();
            }
        }
    }
}
