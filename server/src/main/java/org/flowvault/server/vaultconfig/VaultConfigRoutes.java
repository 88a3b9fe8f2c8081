package org.flowvault.server.vaultconfig;

import static org.flowvault.server.http.Api.body;
import static org.flowvault.server.http.Api.caller;
import static org.flowvault.server.http.Api.created;
import static org.flowvault.server.http.Api.noContent;
import static org.flowvault.server.http.Api.ok;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.flowvault.server.http.Routes;
import java.util.Locale;
import java.util.Map;
import org.flowvault.platform.Platform;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.identity.Caller;
import org.flowvault.platform.usertoken.TokenStatus;
import org.flowvault.platform.vaultconfig.ConnectionReport;
import org.flowvault.platform.vaultconfig.VaultConfigurationView;
import org.flowvault.platform.vaultconfig.VaultConfiguration;
import org.flowvault.server.http.Fields;
import org.flowvault.server.http.Views;

/**
 * Vault configurations (admins change them; members read those in scope of their projects), their
 * machine/shared credentials (write-only), connection tests, the caller's own Vault token
 * ("Authenticate" in seed 000), admins' view of every user's token status, cache refresh, and
 * writing a secret through a configuration with the caller's identity.
 */
public final class VaultConfigRoutes {
    private VaultConfigRoutes() {
    }

    public static void register(Routes r, Platform p) {
        r.get("/api/v1/vault-configs", ctx -> ok(ctx, Map.of("vault_configs",
                p.vaultConfigs().list(caller(ctx)).stream().map(v -> VaultConfigJson.view(v, p)).toList())));
        r.post("/api/v1/vault-configs", ctx -> {
            Caller c = caller(ctx);
            c.requireAdmin("create vault configurations");
            ObjectNode b = body(ctx);
            VaultConfiguration config = VaultConfigJson.apply(b, VaultConfiguration.builder(), p, c).build();
            created(ctx, VaultConfigJson.view(p.vaultConfigs().create(c, config, VaultConfigJson.credentials(b)), p));
        });
        r.get("/api/v1/vault-configs/{name}", ctx -> ok(ctx, VaultConfigJson.view(p.vaultConfigs().get(caller(ctx), ctx.pathParam("name")), p)));
        r.put("/api/v1/vault-configs/{name}", ctx -> update(ctx, p));
        r.patch("/api/v1/vault-configs/{name}", ctx -> update(ctx, p));
        r.delete("/api/v1/vault-configs/{name}", ctx -> {
            p.vaultConfigs().delete(caller(ctx), ctx.pathParam("name"));
            noContent(ctx);
        });
        r.put("/api/v1/vault-configs/{name}/credentials", ctx -> {
            Caller c = caller(ctx);
            VaultConfigurationView v = p.vaultConfigs().setCredentials(c, ctx.pathParam("name"), VaultConfigJson.credentials(wrapCredentials(body(ctx))));
            ok(ctx, VaultConfigJson.view(v, p));
        });
        r.delete("/api/v1/vault-configs/{name}/credentials", ctx -> ok(ctx,
                VaultConfigJson.view(p.vaultConfigs().clearCredentials(caller(ctx), ctx.pathParam("name")), p)));
        r.post("/api/v1/vault-configs/{name}/test", ctx -> {
            ConnectionReport report = p.vaults().test(caller(ctx), ctx.pathParam("name"));
            ok(ctx, Views.of("configuration", report.configuration(), "ok", report.ok(),
                    "outcome", report.outcome().name().toLowerCase(Locale.ROOT), "message", report.message(),
                    "capabilities", report.capabilities()));
        });
        r.post("/api/v1/vault-configs/{name}/refresh", ctx -> {
            Caller c = caller(ctx);
            // drops every identity's cached secrets of a configuration that may serve many projects (SecretCache: admins only)
            c.requireAdmin("refresh a vault configuration's cache; refresh a connection instead");
            VaultConfigurationView v = p.vaultConfigs().get(c, ctx.pathParam("name"));
            p.secretCache().refreshConfiguration(v.config().id());
            ok(ctx, Views.of("refreshed", v.config().name()));
        });

        r.put("/api/v1/vault-configs/{name}/token", ctx -> {
            String token = Fields.token(body(ctx), "token");
            if (token == null || token.isBlank()) {
                throw PlatformException.invalid("'token' is required");
            }
            ok(ctx, token(p.userTokens().register(caller(ctx), ctx.pathParam("name"), token)));
        });
        r.get("/api/v1/vault-configs/{name}/token", ctx -> {
            String name = ctx.pathParam("name");
            TokenStatus s = p.userTokens().status(caller(ctx), name).orElseThrow(() -> PlatformException.notFound(
                    "you have no Vault token registered for configuration '" + name + "'; register one with "
                            + "'flowvault vault-config authenticate " + name + "'"));
            ok(ctx, token(s));
        });
        r.delete("/api/v1/vault-configs/{name}/token", ctx -> {
            p.userTokens().remove(caller(ctx), ctx.pathParam("name"));
            noContent(ctx);
        });
        r.get("/api/v1/vault-configs/{name}/tokens", ctx -> ok(ctx, Map.of("tokens",
                p.userTokens().statuses(caller(ctx), ctx.pathParam("name")).stream().map(VaultConfigRoutes::token).toList())));

        r.post("/api/v1/vault-configs/{name}/secrets", ctx -> {
            Caller c = caller(ctx);
            ObjectNode b = body(ctx);
            Map<String, Object> data = Fields.object(b, "data");
            if (data == null) {
                throw PlatformException.invalid("'data' is required: the key/value pairs to write, as a JSON object");
            }
            var project = p.projects().requireUsable(c, Fields.requiredText(b, "project"));
            String path = Fields.requiredText(b, "path");
            long version = p.secretWriter().write(ctx.pathParam("name"), project, c, path, data);
            ok(ctx, Views.of("configuration", ctx.pathParam("name"), "path", path, "version", version > 0 ? version : null,
                    "keys", data.keySet()));
        });
    }

    private static void update(io.javalin.http.Context ctx, Platform p) {
        Caller c = caller(ctx);
        c.requireAdmin("change vault configurations");
        ObjectNode b = body(ctx);
        VaultConfiguration current = p.vaultConfigs().get(c, ctx.pathParam("name")).config();
        VaultConfiguration changed = VaultConfigJson.apply(b, current.toBuilder(), p, c).build();
        VaultConfigurationView v = p.vaultConfigs().update(c, changed);
        if (b.has("credentials")) {
            v = p.vaultConfigs().setCredentials(c, changed.name(), VaultConfigJson.credentials(b));
        }
        ok(ctx, VaultConfigJson.view(v, p));
    }

    /** PUT .../credentials takes the credential fields at the top level. */
    private static ObjectNode wrapCredentials(ObjectNode b) {
        ObjectNode wrapper = b.objectNode();
        wrapper.set("credentials", b);
        return wrapper;
    }

    static Map<String, Object> token(TokenStatus s) {
        return Views.of("configuration", s.configuration(), "username", s.username(),
                "state", s.state().name().toLowerCase(Locale.ROOT), "expires_at", s.expiresAt(),
                "hard_expires_at", s.hardExpiresAt(), "renewable", s.renewable(), "policies", s.policies(),
                "registered_at", s.registeredAt(), "last_renewal_at", s.lastRenewalAt(), "last_error", s.lastError(),
                "warning", s.warning(), "next_attempt_at", s.nextAttemptAt());
    }
}
