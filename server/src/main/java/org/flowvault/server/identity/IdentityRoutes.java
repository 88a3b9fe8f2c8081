package org.flowvault.server.identity;

import static org.flowvault.server.http.Api.body;
import static org.flowvault.server.http.Api.caller;
import static org.flowvault.server.http.Api.created;
import static org.flowvault.server.http.Api.noContent;
import static org.flowvault.server.http.Api.ok;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.flowvault.server.http.Routes;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.flowvault.platform.Platform;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.identity.ApiKeys;
import org.flowvault.platform.identity.Caller;
import org.flowvault.platform.identity.Project;
import org.flowvault.platform.identity.Role;
import org.flowvault.platform.identity.Sessions;
import org.flowvault.platform.identity.User;
import org.flowvault.server.http.Fields;
import org.flowvault.server.http.Views;

/** Login, sessions, API keys, users, projects and memberships. */
public final class IdentityRoutes {
    private static final SecureRandom RANDOM = new SecureRandom();

    private IdentityRoutes() {
    }

    public static void register(Routes r, Platform p) {
        r.post("/api/v1/auth/login", ctx -> {
            ObjectNode b = body(ctx);
            Sessions.IssuedSession s = p.sessions().login(Fields.requiredText(b, "username"), Fields.requiredText(b, "password"));
            ok(ctx, Views.of("token", s.token(), "expires_at", s.expiresAt(), "user", user(s.user())));
        });
        r.post("/api/v1/auth/logout", ctx -> {
            caller(ctx);
            String header = ctx.header("Authorization");
            p.sessions().logout(header != null ? header.substring(7).strip() : org.flowvault.server.http.SessionCookie.read(ctx));
            noContent(ctx);
        });
        r.get("/api/v1/me", ctx -> {
            Caller c = caller(ctx);
            ok(ctx, Views.of("id", c.userId(), "username", c.username(), "role", role(c.role()),
                    "projects", p.projects().list(c).stream().map(IdentityRoutes::project).toList()));
        });

        r.get("/api/v1/api-keys", ctx -> ok(ctx, Map.of("api_keys",
                p.apiKeys().list(caller(ctx)).stream().map(IdentityRoutes::apiKey).toList())));
        r.post("/api/v1/api-keys", ctx -> {
            ApiKeys.IssuedApiKey k = p.apiKeys().create(caller(ctx), Fields.text(body(ctx), "name", "api key"));
            created(ctx, Views.of("id", k.id(), "name", k.name(), "prefix", k.prefix(), "key", k.key(),
                    "note", "the key is shown only now; store it safely"));
        });
        r.delete("/api/v1/api-keys/{id}", ctx -> {
            p.apiKeys().revoke(caller(ctx), uuid(ctx.pathParam("id"), "API key id"));
            noContent(ctx);
        });

        r.get("/api/v1/users", ctx -> ok(ctx, Map.of("users", p.users().list(caller(ctx)).stream().map(IdentityRoutes::user).toList())));
        r.post("/api/v1/users", ctx -> {
            ObjectNode b = body(ctx);
            String password = Fields.text(b, "password", null);
            boolean generated = password == null;
            if (generated) {
                password = Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(15));
            }
            User u = p.users().create(caller(ctx), Fields.requiredText(b, "username"), parseRole(Fields.text(b, "role", "member")), password);
            created(ctx, generated ? Views.of("user", user(u), "password", password, "note", "the password is shown only now")
                    : Views.of("user", user(u)));
        });
        r.get("/api/v1/users/{username}", ctx -> ok(ctx, user(p.users().get(caller(ctx), ctx.pathParam("username")))));
        r.patch("/api/v1/users/{username}", ctx -> {
            Caller c = caller(ctx);
            ObjectNode b = body(ctx);
            String name = ctx.pathParam("username");
            if (Fields.has(b, "role")) {
                p.users().setRole(c, name, parseRole(Fields.text(b, "role", null)));
            }
            if (Fields.has(b, "password")) {
                p.users().setPassword(c, name, Fields.text(b, "password", null));
            }
            ok(ctx, user(p.users().get(c, name)));
        });
        r.delete("/api/v1/users/{username}", ctx -> {
            p.users().delete(caller(ctx), ctx.pathParam("username"));
            noContent(ctx);
        });

        r.get("/api/v1/projects", ctx -> ok(ctx, Map.of("projects", p.projects().list(caller(ctx)).stream().map(IdentityRoutes::project).toList())));
        r.post("/api/v1/projects", ctx -> {
            ObjectNode b = body(ctx);
            created(ctx, project(p.projects().create(caller(ctx), Fields.requiredText(b, "name"), taskEgress(b))));
        });
        r.patch("/api/v1/projects/{project}", ctx -> {
            Caller c = caller(ctx);
            ObjectNode b = body(ctx);
            if (!b.has("task_egress")) {
                throw PlatformException.invalid("give 'task_egress': a list of egress entries, or null for no narrowing");
            }
            ok(ctx, project(p.projects().setTaskEgress(c, ctx.pathParam("project"), taskEgress(b))));
        });
        r.delete("/api/v1/projects/{project}", ctx -> {
            p.projects().delete(caller(ctx), ctx.pathParam("project"));
            noContent(ctx);
        });
        r.get("/api/v1/projects/{project}/members", ctx -> ok(ctx, Map.of("members",
                p.projects().members(caller(ctx), ctx.pathParam("project")).stream().map(IdentityRoutes::user).toList())));
        r.post("/api/v1/projects/{project}/members", ctx -> {
            p.projects().addMember(caller(ctx), ctx.pathParam("project"), Fields.requiredText(body(ctx), "username"));
            noContent(ctx);
        });
        r.delete("/api/v1/projects/{project}/members/{username}", ctx -> {
            p.projects().removeMember(caller(ctx), ctx.pathParam("project"), ctx.pathParam("username"));
            noContent(ctx);
        });
    }

    static Map<String, Object> user(User u) {
        return Views.of("id", u.id(), "username", u.username(), "role", role(u.role()), "created_at", u.createdAt());
    }

    static Map<String, Object> project(Project pr) {
        return Views.of("id", pr.id(), "name", pr.name(), "created_at", pr.createdAt(), "task_egress", pr.taskEgress());
    }

    /** The project's task egress list from {@code task_egress}: null when absent or null (no narrowing). */
    private static List<String> taskEgress(ObjectNode b) {
        return b.hasNonNull("task_egress") ? Fields.stringList(b, "task_egress") : null;
    }

    private static Map<String, Object> apiKey(ApiKeys.ApiKeyInfo k) {
        return Views.of("id", k.id(), "name", k.name(), "prefix", k.prefix(), "created_at", k.createdAt(),
                "last_used_at", k.lastUsedAt(), "revoked_at", k.revokedAt());
    }

    private static String role(Role role) {
        return role.name().toLowerCase(Locale.ROOT);
    }

    private static Role parseRole(String text) {
        try {
            return Role.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw PlatformException.invalid("'role' must be admin or member");
        }
    }

    /** Parses an id from a path; a malformed one is simply not found. */
    public static UUID uuid(String text, String what) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw PlatformException.notFound(what + " '" + text + "' not found");
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

}
