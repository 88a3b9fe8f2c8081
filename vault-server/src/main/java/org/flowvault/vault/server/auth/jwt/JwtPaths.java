package org.flowvault.vault.server.auth.jwt;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flowvault.vault.server.auth.Cidrs;
import org.flowvault.vault.server.auth.NamedEntries;
import org.flowvault.vault.server.core.Backend;
import org.flowvault.vault.server.core.MountContext;
import org.flowvault.vault.server.core.Request;
import org.flowvault.vault.server.core.Response;
import org.flowvault.vault.server.core.Routes;
import org.flowvault.vault.server.core.VaultError;
import org.flowvault.vault.server.internal.ServerJson;

/**
 * The jwt path table: {@code config}, {@code role/<name>} and {@code login}. Storage:
 * {@code config} → {@link JwtConfig}, {@code role/<name>} → {@link JwtRole}.
 */
final class JwtPaths implements Backend {
    private static final String NAME = "(?<name>\\w(?:[\\w.-]*\\w)?)";

    private final MountContext ctx;
    private final Routes routes = new Routes();
    private final JwksSource jwks = new JwksSource();
    private final NamedEntries<JwtRole> roles;

    JwtPaths(MountContext ctx) {
        this.ctx = ctx;
        this.roles = new NamedEntries<>(ctx, "role/", JwtRole.class, JwtRole.NEW, (role, r, name) -> role.update(r), JwtRole::render);
        routes.path("config").read(this::readConfig).write(this::writeConfig);
        routes.path("role/?").list(roles::list);
        routes.path("role/" + NAME).read(roles::read).write(roles::write).delete(roles::delete).exists(roles::exists);
        routes.path("login").write(this::login);
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
        return Set.of("login");
    }

    private JwtConfig config() {
        byte[] raw = ctx.storage().get("config");
        return raw == null ? null : ServerJson.read(raw, JwtConfig.class);
    }

    private Response readConfig(Request r) {
        JwtConfig config = config();
        if (config == null) {
            throw VaultError.notFound();
        }
        Map<String, Object> data = new LinkedHashMap<>();
        config.render(data);
        return Response.data(data);
    }

    private Response writeConfig(Request r) {
        ctx.storage().put("config", ServerJson.write(JwtConfig.from(r)));
        return Response.empty();
    }

    private Response login(Request r) {
        JwtConfig config = config();
        if (config == null) {
            throw VaultError.badRequest("could not load configuration");
        }
        String roleName = r.string("role");
        if (roleName.isEmpty()) {
            roleName = config.defaultRole();
        }
        if (roleName.isEmpty()) {
            throw VaultError.badRequest("missing role");
        }
        if (!roleName.matches(NAME)) {
            throw VaultError.badRequest("invalid 'role': a role name is letters, digits, '_', '-' and '.'");
        }
        JwtRole role = roles.get(roleName);
        if (role == null) {
            // Vault quotes the name; it is not echoed here, a caller may have pasted a token into it.
            throw VaultError.badRequest("role could not be found: no role of this mount has the given 'role' name");
        }
        if (role.roleType().equals("oidc")) {
            throw VaultError.badRequest("role with oidc role_type is not allowed");
        }
        String token = r.string("jwt");
        if (token.isEmpty()) {
            throw VaultError.badRequest("missing token");
        }
        if (!Cidrs.admits(role.token().boundCidrs(), r.remoteAddress())) {
            throw VaultError.badRequest("request originated from invalid CIDR");
        }
        Map<String, Object> claims = JwtValidation.claims(token, config, role, jwks, ctx.clock().instant());
        String user = JwtValidation.user(claims, role);
        JwtValidation.groups(claims, role);
        return Response.login(role.token().login(JwtValidation.metadata(claims, role, roleName), user, List.of(),
                ctx.maxTtl()));
    }

    @Override
    public String toString() {
        return "JwtBackend[" + ctx.entry().get().path() + "]";
    }
}
