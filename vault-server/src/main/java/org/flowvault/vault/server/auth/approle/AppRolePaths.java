package org.flowvault.vault.server.auth.approle;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.flowvault.vault.server.auth.Cidrs;
import org.flowvault.vault.server.auth.TokenParams;
import org.flowvault.vault.server.core.Backend;
import org.flowvault.vault.server.core.MountContext;
import org.flowvault.vault.server.policy.Operation;
import org.flowvault.vault.server.core.Request;
import org.flowvault.vault.server.core.Response;
import org.flowvault.vault.server.core.Routes;
import org.flowvault.vault.server.core.VaultError;
import org.flowvault.vault.server.internal.Durations;

/**
 * The AppRole path table and the role handlers ({@code role/<name>}, {@code role/<name>/role-id}).
 * Secret ID paths are in {@link SecretIdPaths}, login in {@link AppRoleLogin}. Texts and status
 * codes follow Vault's {@code builtin/credential/approle/path_role.go}.
 */
final class AppRolePaths implements Backend {
    /** Vault's {@code framework.GenericNameRegex}, as a Java named group. */
    private static final String ROLE = "role/(?<role>\\w(?:[\\w.-]*\\w)?)";
    /** Deprecated names still accepted for token parameters. */
    static final Map<String, String> LEGACY = Map.of("policies", "token_policies", "period", "token_period");

    private final MountContext ctx;
    private final AppRoleStore store;
    private final Routes routes = new Routes();

    AppRolePaths(MountContext ctx) {
        this.ctx = ctx;
        this.store = new AppRoleStore(ctx.storage());
        SecretIdPaths secretIds = new SecretIdPaths(ctx, store);
        AppRoleLogin login = new AppRoleLogin(ctx, store);
        routes.path("login").write(login::login);
        routes.path("role/?").list(this::list);
        routes.path(ROLE).read(this::read).write(this::write).delete(this::delete).exists(r -> role(r) != null);
        routes.path(ROLE + "/role-id").read(this::readRoleId).write(this::writeRoleId);
        routes.path(ROLE + "/secret-id/?").write(secretIds::generate).list(secretIds::list);
        routes.path(ROLE + "/custom-secret-id").write(secretIds::custom);
        routes.path(ROLE + "/secret-id/lookup/?").write(secretIds::lookup);
        routes.path(ROLE + "/secret-id/destroy/?").write(secretIds::destroy).delete(secretIds::destroy);
        routes.path(ROLE + "/secret-id-accessor/lookup/?").write(secretIds::lookupByAccessor);
        routes.path(ROLE + "/secret-id-accessor/destroy/?").write(secretIds::destroyByAccessor)
                .delete(secretIds::destroyByAccessor);
        routes.path("tidy/secret-id").write(secretIds::tidy);
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

    private AppRole role(Request r) {
        return store.role(r.param("role"));
    }

    private Response list(Request r) {
        List<String> names = store.roleNames();
        if (names.isEmpty()) {
            throw VaultError.notFound();
        }
        return Response.data(Map.of("keys", names));
    }

    private Response read(Request r) {
        AppRole role = role(r);
        if (role == null) {
            throw VaultError.notFound();
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("bind_secret_id", role.bindSecretId());
        data.put("local_secret_ids", role.localSecretIds());
        data.put("secret_id_bound_cidrs", role.secretIdBoundCidrs());
        data.put("secret_id_num_uses", role.secretIdNumUses());
        data.put("secret_id_ttl", role.secretIdTtl());
        role.token().render(data, LEGACY);
        Response response = Response.data(data);
        if (!hasConstraint(role)) {
            response.warning("Role does not have any constraints set on it. Updates to this role will require a constraint to be set");
        }
        return response;
    }

    private Response write(Request r) {
        String name = r.param("role");
        if (name.length() > 4096) {
            throw VaultError.badRequest("role_name is longer than maximum of 4096 bytes");
        }
        synchronized (store.lock) {
            AppRole existing = store.role(name);
            boolean create = existing == null;
            if (create && r.operation() != Operation.CREATE) {
                throw VaultError.of(404, "role name \"" + name + "\" doesn't exist");
            }
            TokenParams token = (create ? TokenParams.NONE : existing.token()).update(r, LEGACY);
            if (r.has("local_secret_ids") && !create) {
                throw VaultError.badRequest("local_secret_ids can only be modified during role creation");
            }
            String roleId = r.has("role_id") ? r.string("role_id") : create ? UUID.randomUUID().toString() : existing.roleId();
            if (roleId.isEmpty()) {
                throw VaultError.badRequest("invalid role_id supplied, or failed to generate a role_id");
            }
            boolean bind = r.has("bind_secret_id") ? r.bool("bind_secret_id", true) : create || existing.bindSecretId();
            List<String> cidrs = create ? null : existing.secretIdBoundCidrs();
            String cidrKey = r.has("secret_id_bound_cidrs") ? "secret_id_bound_cidrs" : r.has("bound_cidr_list") ? "bound_cidr_list" : null;
            if (cidrKey != null) {
                cidrs = r.stringList(cidrKey);
                if (!Cidrs.valid(cidrs)) {
                    throw VaultError.badRequest("invalid CIDR blocks");
                }
            }
            long numUses = r.has("secret_id_num_uses") ? r.integer("secret_id_num_uses", 0) : create ? 0 : existing.secretIdNumUses();
            if (numUses < 0) {
                throw VaultError.badRequest("secret_id_num_uses cannot be negative");
            }
            long secretTtl = r.has("secret_id_ttl") ? r.duration("secret_id_ttl", Duration.ZERO).toSeconds()
                    : create ? 0 : existing.secretIdTtl();
            long mountMax = ctx.maxTtl().toSeconds();
            if (token.period() > mountMax) {
                throw VaultError.badRequest("period of \"" + Durations.format(Duration.ofSeconds(token.period()))
                        + "\" is greater than the backend's maximum lease TTL of \"" + Durations.format(ctx.maxTtl()) + "\"");
            }
            boolean local = create ? r.bool("local_secret_ids", false) : existing.localSecretIds();
            AppRole role = new AppRole(name.toLowerCase(Locale.ROOT), roleId,
                    create ? AppRoleStore.newKey() : existing.hmacKey(), bind, cidrs, (int) numUses, secretTtl, local, token);
            if (!hasConstraint(role)) {
                // Vault fails in setRoleEntry with an internal error here.
                throw VaultError.of(500, "at least one constraint should be enabled on the role");
            }
            store.saveRole(role, create ? null : existing.roleId());
            Response response = Response.empty();
            if (token.maxTtl() > mountMax) {
                response.warning("token_max_ttl is greater than the backend mount's maximum TTL value; issued tokens' max TTL value will be truncated");
            }
            return response;
        }
    }

    private Response delete(Request r) {
        synchronized (store.lock) {
            AppRole role = role(r);
            if (role != null) {
                store.deleteRole(role);
            }
        }
        return Response.empty();
    }

    private Response readRoleId(Request r) {
        AppRole role = role(r);
        if (role == null) {
            throw VaultError.notFound();
        }
        return Response.data(Map.of("role_id", role.roleId()));
    }

    private Response writeRoleId(Request r) {
        synchronized (store.lock) {
            AppRole role = role(r);
            if (role == null) {
                throw VaultError.unsupportedPath();
            }
            String roleId = r.string("role_id");
            if (roleId.isEmpty()) {
                throw VaultError.badRequest("missing role_id");
            }
            store.saveRole(role.withRoleId(roleId), role.roleId());
        }
        return Response.empty();
    }

    private static boolean hasConstraint(AppRole role) {
        return role.bindSecretId() || !role.boundCidrs().isEmpty() || !role.token().boundCidrs().isEmpty();
    }

    @Override
    public String toString() {
        return "AppRoleBackend[" + ctx.entry().get().path() + "]";
    }
}
