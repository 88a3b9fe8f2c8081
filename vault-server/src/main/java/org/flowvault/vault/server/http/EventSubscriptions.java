package org.flowvault.vault.server.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.websocket.WsCloseStatus;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.flowvault.vault.server.core.Core;
import org.flowvault.vault.server.core.VaultError;

/**
 * Vault's event subscription endpoint: {@code GET /v1/sys/events/subscribe/TYPE} upgraded to a
 * WebSocket, one JSON event per text message. The token comes from {@code X-Vault-Token} (or
 * {@code Authorization: Bearer}), the namespace from {@code X-Vault-Namespace}; {@code ?json=true}
 * is accepted (JSON is the only format served). The checks run before the upgrade, so a refused
 * subscription is an ordinary HTTP answer in Vault's JSON (400, 403, 503), not a WebSocket.
 */
final class EventSubscriptions {
    static final String PATH = "/v1/sys/events/subscribe/<type>";
    private static final String EARLY = "flowvault.events.early";
    /** Events kept for a socket that has not opened yet. */
    static final int MAX_EARLY = 1000;
    /** How long a subscription waits for its socket to open. */
    static final long OPEN_WITHIN_MS = 30_000;
    private static final long PING_SECONDS = 20;

    private final Core core;
    private final Map<String, AutoCloseable> open = new ConcurrentHashMap<>();

    EventSubscriptions(Core core) {
        this.core = core;
    }

    void register(JavalinConfig config) {
        config.routes.wsBeforeUpgrade(PATH, this::check);
        config.routes.ws(PATH, ws -> {
            ws.onConnect(this::connect);
            ws.onClose(ctx -> end(ctx));
            ws.onError(ctx -> end(ctx));
        });
    }

    /**
     * Subscribes before upgrading, so that a client that writes as soon as its handshake completes
     * sees the event: the core refuses what Vault refuses (status and JSON errors), and what arrives
     * before the socket opens waits in the {@link Early} buffer.
     */
    private void check(Context ctx) {
        String json = ctx.queryParam("json");
        if (json != null && !HttpApi.parseBool(json)) {
            throw VaultError.badRequest("json: only JSON events are served; set json=true or leave it out");
        }
        Early early = new Early();
        AutoCloseable s = core.subscribeEvents(token(ctx.header("X-Vault-Token"), ctx.header("Authorization")),
                ctx.header("X-Vault-Namespace"), ctx.pathParam("type"), early, early::end);
        early.subscription = s;
        ctx.attribute(EARLY, early);
    }

    private void connect(WsConnectContext ctx) {
        Early early = ctx.attribute(EARLY);
        if (early == null) {
            ctx.closeSession(WsCloseStatus.SERVER_ERROR, "the subscription was not set up");
            return;
        }
        open.put(ctx.sessionId(), early.subscription);
        early.open(ctx::send,
                () -> ctx.closeSession(WsCloseStatus.POLICY_VIOLATION, "subscription ended: the token is no longer valid or the server sealed"));
        ctx.enableAutomaticPings(PING_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * A subscription between the upgrade's answer and the socket's opening: keeps up to
     * {@link #MAX_EARLY} events (then the socket closes, as a slow subscriber would be closed), and
     * the end of the subscription, for the socket once it opens. One whose socket never opens (the
     * client went away during the handshake) is closed by the first event after {@link #OPEN_WITHIN_MS}.
     */
    private static final class Early implements Consumer<String> {
        private final long created = System.currentTimeMillis();
        private final List<String> events = new ArrayList<>();
        private AutoCloseable subscription;
        private Consumer<String> socket;
        private Runnable close;
        private boolean ended;

        @Override
        public synchronized void accept(String event) {
            if (socket != null) {
                socket.accept(event);
            } else if (System.currentTimeMillis() - created > OPEN_WITHIN_MS) {
                ended = true;
                events.clear();
                try {
                    subscription.close();
                } catch (Exception e) {
                    // nothing to release beyond the registration
                }
            } else if (events.size() < MAX_EARLY) {
                events.add(event);
            } else {
                ended = true;
            }
        }

        synchronized void end() {
            if (close != null) {
                close.run();
            } else {
                ended = true;
            }
        }

        synchronized void open(Consumer<String> socket, Runnable close) {
            events.forEach(socket);
            events.clear();
            this.socket = socket;
            this.close = close;
            if (ended) {
                close.run();
            }
        }
    }

    private void end(WsContext ctx) {
        AutoCloseable s = open.remove(ctx.sessionId());
        if (s != null) {
            try {
                s.close();
            } catch (Exception e) {
                // nothing to release beyond the registration
            }
        }
    }

    static String token(String vaultToken, String authorization) {
        if (vaultToken != null && !vaultToken.isEmpty()) {
            return vaultToken;
        }
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).trim();
        }
        return null;
    }
}
