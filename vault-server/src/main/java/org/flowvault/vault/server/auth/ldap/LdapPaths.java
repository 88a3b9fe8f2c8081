package org.flowvault.vault.server.auth.ldap;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.flowvault.vault.server.auth.TokenParams;
import org.flowvault.vault.server.core.Backend;
import org.flowvault.vault.server.core.MountContext;
import org.flowvault.vault.server.core.Request;
import org.flowvault.vault.server.core.Response;
import org.flowvault.vault.server.core.Routes;
import org.flowvault.vault.server.core.VaultError;
import org.flowvault.vault.server.internal.ServerJson;
import org.flowvault.vault.server.storage.Storage;

/**
 * The LDAP path table: {@code config}, the {@code groups/} and {@code users/} policy mappings and
 * {@code login/<username>}. Storage: {@code config}, {@code group/<name>}, {@code user/<name>};
 * names are lower-cased unless {@code case_sensitive_names} is set.
 */
final class LdapPaths implements Backend {
    private final MountContext ctx;
    private final Routes routes = new Routes();

    /** A group's mapping, Vault's {@code GroupEntry}. */
    record Group(@JsonProperty("policies") List<String> policies) {
    }

    /** A user's mapping, Vault's {@code UserEntry}: extra groups and policies. */
    record User(@JsonProperty("groups") List<String> groups, @JsonProperty("policies") List<String> policies) {
    }

    LdapPaths(MountContext ctx) {
        this.ctx = ctx;
        routes.path("config").read(this::readConfig).write(this::writeConfig);
        routes.path("groups/?").list(r -> list("group/"));
        routes.path("groups/(?<name>.+)").read(this::readGroup).write(this::writeGroup).delete(r -> delete(r, "group/"));
        routes.path("users/?").list(r -> list("user/"));
        routes.path("users/(?<name>.+)").read(this::readUser).write(this::writeUser).delete(r -> delete(r, "user/"));
        routes.path("login/(?<username>.+)").write(this::login);
    }

    @Override
    public Response handle(Request request) {
        return routes.dispatch(request);
    }

    @Override
    public Set<String> unauthenticatedPaths() {
        return Set.of("login", "login/*");
    }

    private LdapConfig config() {
        byte[] raw = ctx.storage().get("config");
        return raw == null ? LdapConfig.DEFAULTS : ServerJson.read(raw, LdapConfig.class);
    }

    private Response readConfig(Request r) {
        Map<String, Object> data = new LinkedHashMap<>();
        config().render(data);
        return Response.data(data);
    }

    private Response writeConfig(Request r) {
        synchronized (this) {
            ctx.storage().put("config", ServerJson.write(config().update(r)));
        }
        return Response.empty();
    }

    private String name(Request r) {
        String name = r.param("name");
        return config().caseSensitiveNames() ? name : name.toLowerCase(Locale.ROOT);
    }

    private Response readGroup(Request r) {
        Group g = read("group/" + name(r), Group.class);
        if (g == null) {
            throw VaultError.notFound();
        }
        return Response.data(Map.of("policies", g.policies()));
    }

    private Response writeGroup(Request r) {
        ctx.storage().put("group/" + name(r), ServerJson.write(new Group(TokenParams.sanitize(r.stringList("policies")))));
        return Response.empty();
    }

    private Response readUser(Request r) {
        User u = read("user/" + name(r), User.class);
        if (u == null) {
            throw VaultError.notFound();
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("groups", String.join(",", u.groups())); // Vault answers a comma-joined string here
        data.put("policies", u.policies());
        return Response.data(data);
    }

    private Response writeUser(Request r) {
        boolean lower = !config().caseSensitiveNames();
        TreeSet<String> groups = new TreeSet<>();
        for (String g : r.stringList("groups")) {
            String t = g.trim();
            if (!t.isEmpty()) {
                groups.add(lower ? t.toLowerCase(Locale.ROOT) : t);
            }
        }
        User u = new User(List.copyOf(groups), TokenParams.sanitize(r.stringList("policies")));
        ctx.storage().put("user/" + name(r), ServerJson.write(u));
        return Response.empty();
    }

    private Response delete(Request r, String prefix) {
        ctx.storage().delete(prefix + name(r));
        return Response.empty();
    }

    private Response list(String prefix) {
        List<String> keys = new ArrayList<>();
        collect(ctx.storage(), prefix, "", keys);
        if (keys.isEmpty()) {
            throw VaultError.notFound();
        }
        return Response.data(Map.of("keys", keys));
    }

    /** Names may contain '/', which storage turns into folders: collect them whole. */
    private static void collect(Storage storage, String prefix, String under, List<String> out) {
        for (String k : storage.list(prefix + under)) {
            if (k.endsWith("/")) {
                collect(storage, prefix, under + k, out);
            } else {
                out.add(under + k);
            }
        }
    }

    private Response login(Request r) {
        String username = r.param("username");
        String password = r.string("password");
        LdapConfig cfg = config();
        if (cfg.denyNullBind() && password.isEmpty()) {
            throw VaultError.badRequest("password cannot be of zero length when passwordless binds are being denied");
        }
        List<String> ldapGroups = LdapLogin.groups(cfg, username, password);
        boolean cs = cfg.caseSensitiveNames();
        User user = read("user/" + (cs ? username : username.toLowerCase(Locale.ROOT)), User.class);
        List<String> allGroups = new ArrayList<>();
        if (user != null) {
            allGroups.addAll(user.groups());
        }
        allGroups.addAll(ldapGroups);
        Set<String> policies = new LinkedHashSet<>();
        for (String g : allGroups) {
            Group group = read("group/" + (cs ? g : g.toLowerCase(Locale.ROOT)), Group.class);
            if (group != null) {
                policies.addAll(group.policies());
            }
        }
        if (user != null) {
            policies.addAll(user.policies());
        }
        Response response = Response.login(cfg.token().login(Map.of("username", username), username,
                TokenParams.sanitize(new ArrayList<>(policies)), ctx.maxTtl()));
        if (ldapGroups.isEmpty()) {
            response.warning("no LDAP groups found in groupDN '" + cfg.groupdn()
                    + "'; only policies from locally-defined groups available");
        }
        return response;
    }

    private <T> T read(String key, Class<T> type) {
        byte[] raw = ctx.storage().get(key);
        return raw == null ? null : ServerJson.read(raw, type);
    }

    @Override
    public String toString() {
        return "LdapBackend[" + ctx.entry().get().path() + "]";
    }
}
