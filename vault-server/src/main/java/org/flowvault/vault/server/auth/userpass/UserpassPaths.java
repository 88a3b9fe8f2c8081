package org.flowvault.vault.server.auth.userpass;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.flowvault.vault.server.auth.Cidrs;
import org.flowvault.vault.server.auth.TokenParams;
import org.flowvault.vault.server.core.Backend;
import org.flowvault.vault.server.core.MountContext;
import org.flowvault.vault.server.core.Request;
import org.flowvault.vault.server.core.Response;
import org.flowvault.vault.server.core.Routes;
import org.flowvault.vault.server.core.VaultError;
import org.flowvault.vault.server.internal.ServerJson;

/**
 * The userpass path table and handlers, after Vault's {@code builtin/credential/userpass}.
 * Storage: {@code user/<lower-case name>} → {@link UserEntry}.
 */
final class UserpassPaths implements Backend {
    private static final String NAME = "(?<name>\\w(?:[\\w.-]*\\w)?)";
    private static final Map<String, String> LEGACY = Map.of("policies", "token_policies", "ttl", "token_ttl",
            "max_ttl", "token_max_ttl", "bound_cidrs", "token_bound_cidrs");
    private static final String INVALID = "invalid username or password";

    private final MountContext ctx;
    private final Routes routes = new Routes();
    private final Object lock = new Object();

    UserpassPaths(MountContext ctx) {
        this.ctx = ctx;
        routes.path("users/?").list(this::list);
        routes.path("users/" + NAME).read(this::read).write(this::write).delete(this::delete)
                .exists(r -> user(name(r)) != null);
        routes.path("users/" + NAME + "/password").write(this::password);
        routes.path("users/" + NAME + "/policies").write(this::policies);
        routes.path("login/" + NAME).write(this::login);
    }

    @Override
    public Response handle(Request request) {
        return routes.dispatch(request);
    }

    @Override
    public Boolean exists(Request request) {
        return routes.exists(request);
    }

    @Override
    public Set<String> unauthenticatedPaths() {
        return Set.of("login", "login/*");
    }

    private Response list(Request r) {
        List<String> names = new ArrayList<>();
        for (String k : ctx.storage().list("user/")) {
            if (!k.endsWith("/")) {
                names.add(k);
            }
        }
        if (names.isEmpty()) {
            throw VaultError.notFound();
        }
        return Response.data(Map.of("keys", names));
    }

    private Response read(Request r) {
        UserEntry user = user(name(r));
        if (user == null) {
            throw VaultError.notFound();
        }
        Map<String, Object> data = new LinkedHashMap<>();
        user.token().render(data, LEGACY);
        return Response.data(data);
    }

    private Response write(Request r) {
        String name = name(r);
        // Hash outside the lock: it is deliberately slow.
        String newHash = r.has("password") ? PasswordHash.hash(requirePassword(r, 400)) : null;
        synchronized (lock) {
            UserEntry user = user(name);
            if (user == null && newHash == null) {
                throw VaultError.badRequest("missing password");
            }
            TokenParams token = (user == null ? TokenParams.NONE : user.token()).update(r, LEGACY);
            save(name, new UserEntry(newHash != null ? newHash : user.passwordHash(), token));
        }
        return Response.empty();
    }

    private Response delete(Request r) {
        ctx.storage().delete("user/" + name(r));
        return Response.empty();
    }

    private Response password(Request r) {
        String name = name(r);
        String hash = PasswordHash.hash(requirePassword(r, 400));
        synchronized (lock) {
            UserEntry user = existing(name);
            save(name, user.withPasswordHash(hash));
        }
        return Response.empty();
    }

    private Response policies(Request r) {
        String name = name(r);
        synchronized (lock) {
            UserEntry user = existing(name);
            Set<String> legacy = new TreeSet<>(user.token().legacyFields());
            List<String> policies;
            if (r.has("token_policies")) {
                policies = TokenParams.sanitize(r.stringList("token_policies"));
                if (!r.has("policies")) {
                    legacy.remove("policies");
                }
            } else if (r.has("policies")) {
                policies = TokenParams.sanitize(r.stringList("policies"));
                legacy.add("policies");
            } else {
                throw VaultError.badRequest("missing token_policies");
            }
            save(name, user.withToken(user.token().withPolicies(policies, legacy)));
        }
        return Response.empty();
    }

    private Response login(Request r) {
        String name = name(r);
        // Vault checks this in the handler with a plain error: a 500.
        String password = requirePassword(r, 500);
        UserEntry user = user(name);
        // Hash even for unknown users, so that timing does not tell which user names exist.
        if (!PasswordHash.matches(password, user == null ? null : user.passwordHash()) || user == null) {
            throw VaultError.badRequest(INVALID);
        }
        if (!Cidrs.admits(user.token().boundCidrs(), r.remoteAddress())) {
            throw VaultError.badRequest("login request originated from invalid CIDR");
        }
        return Response.login(user.token().login(Map.of("username", name), name, List.of(), ctx.maxTtl()));
    }

    private static String requirePassword(Request r, int status) {
        String password = r.string("password");
        if (password.isEmpty()) {
            throw VaultError.of(status, "missing password");
        }
        return password;
    }

    private static String name(Request r) {
        return r.param("name").toLowerCase(Locale.ROOT);
    }

    private UserEntry existing(String name) {
        UserEntry user = user(name);
        if (user == null) {
            throw VaultError.of(500, "username does not exist");
        }
        return user;
    }

    private UserEntry user(String name) {
        byte[] raw = ctx.storage().get("user/" + name);
        return raw == null ? null : ServerJson.read(raw, UserEntry.class);
    }

    private void save(String name, UserEntry user) {
        ctx.storage().put("user/" + name, ServerJson.write(user));
    }

    @Override
    public String toString() {
        return "UserpassBackend[" + ctx.entry().get().path() + "]";
    }
}
