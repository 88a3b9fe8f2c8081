package org.flowvault.vault.server.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.websocket.WsCloseStatus;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
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

    /** Refuses a subscription the core would refuse, before upgrading: Vault's status and JSON errors. */
    private void check(Context ctx) {
        String json = ctx.queryParam("json");
        if (json != null && !HttpApi.parseBool(json)) {
            throw VaultError.badRequest("json: only JSON events are served; set json=true or leave it out");
        }
        try (AutoCloseable probe = core.subscribeEvents(token(ctx.header("X-Vault-Token"), ctx.header("Authorization")),
                ctx.header("X-Vault-Namespace"), ctx.pathParam("type"), event -> { }, () -> { })) {
            // allowed; the real subscription starts once connected
        } catch (VaultError e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void connect(WsConnectContext ctx) {
        try {
            AutoCloseable s = core.subscribeEvents(token(ctx.header("X-Vault-Token"), ctx.header("Authorization")),
                    ctx.header("X-Vault-Namespace"), ctx.pathParam("type"), ctx::send,
                    () -> ctx.closeSession(WsCloseStatus.POLICY_VIOLATION, "subscription ended: the token is no longer valid or the server sealed"));
            open.put(ctx.sessionId(), s);
            ctx.enableAutomaticPings(PING_SECONDS, TimeUnit.SECONDS);
        } catch (VaultError e) {
            // allowed a moment ago, not now (token revoked, server sealed)
            ctx.closeSession(WsCloseStatus.POLICY_VIOLATION, e.status() == 503 ? "Vault is sealed" : "permission denied");
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
