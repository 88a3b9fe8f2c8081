package org.flowvault.vault.server.token;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flowvault.vault.server.core.Backend;
import org.flowvault.vault.server.core.MountContext;
import org.flowvault.vault.server.core.Request;
import org.flowvault.vault.server.core.Response;
import org.flowvault.vault.server.core.Routes;
import org.flowvault.vault.server.core.VaultError;
import org.flowvault.vault.server.core.TokenEntry;
import org.flowvault.vault.server.core.Tokens;

/**
 * The path table of {@code auth/token/} and the lookup, renew and revoke handlers. Error texts
 * and status codes are Vault's ({@code vault/token_store.go}): an unknown token is 403 "bad token"
 * on lookup, 400 "token not found" on renew, and silently fine on revoke.
 */
final class TokenPaths implements Backend {
    private final MountContext ctx;
    private final TokenCreation creation;
    private final Routes routes = new Routes();
    private final TokenRoles roles;
    /** Vault's {@code framework.GenericNameRegex}. */
    private static final String ROLE_NAME = "(?<name>\\w(?:[\\w.-]*\\w)?)";

    TokenPaths(MountContext ctx) {
        this.ctx = ctx;
        this.creation = new TokenCreation(ctx);
        this.roles = new TokenRoles(ctx.storage());
        routes.path("accessors/?").list(this::accessors);
        routes.path("create-orphan").write(r -> creation.create(r, true));
        routes.path("create").write(r -> creation.create(r, false));
        routes.path("create/" + ROLE_NAME).write(r -> creation.create(r, false, roles.require(r.param("name"))));
        routes.path("roles/?").list(r -> listResponse(roles.names()));
        routes.path("roles/" + ROLE_NAME)
                .exists(r -> roles.get(r.param("name")) != null)
                .read(this::readRole)
                .on(org.flowvault.vault.server.policy.Operation.CREATE, this::writeRole)
                .on(org.flowvault.vault.server.policy.Operation.UPDATE, this::writeRole)
                .delete(r -> {
                    roles.delete(r.param("name"));
                    return Response.empty();
                });
        routes.path("lookup").read(this::lookup).write(this::lookup);
        routes.path("lookup-self").read(this::lookupSelf).write(this::lookupSelf);
        routes.path("lookup-accessor").write(this::lookupAccessor);
        routes.path("renew").write(this::renew);
        routes.path("renew-self").write(this::renewSelf);
        routes.path("renew-accessor").write(this::renewAccessor);
        routes.path("revoke").write(this::revoke);
        routes.path("revoke-self").write(this::revokeSelf);
        routes.path("revoke-accessor").write(this::revokeAccessor);
        routes.path("revoke-orphan").write(this::revokeOrphan);
    }

    @Override
    public Response handle(Request request) {
        return routes.dispatch(request);
    }

    @Override
    public Set<String> sudoPaths() {
        // Vault's PathsSpecial.Root for the token store.
        return Set.of("revoke-orphan", "revoke-orphan/*", "accessors*");
    }

    private static Response listResponse(List<String> keys) {
        if (keys.isEmpty()) {
            throw VaultError.notFound();
        }
        return Response.data(Map.of("keys", keys));
    }

    private Response readRole(Request r) {
        TokenRole role = roles.get(r.param("name"));
        if (role == null) {
            throw VaultError.notFound();
        }
        return Response.data(role.view());
    }

    private Response writeRole(Request r) {
        String name = r.param("name");
        TokenRole existing = roles.get(name);
        TokenRole role = (existing == null ? TokenRole.named(name) : existing).update(r);
        roles.put(role);
        Response response = Response.empty();
        long systemMax = ctx.systemMaxTtl().toSeconds();
        if (role.explicitMaxTtl() > 0 && systemMax > 0 && role.explicitMaxTtl() > systemMax) {
            response.warning("Given explicit max TTL of " + role.explicitMaxTtl() + " is greater than system/mount allowed value of "
                    + systemMax + " seconds; until this is fixed attempting to create tokens against this role will result in an error");
        }
        return response;
    }

    private Response accessors(Request r) {
        List<String> keys = ctx.tokens().accessors(r.namespace());
        if (keys.isEmpty()) {
            throw VaultError.notFound();
        }
        return Response.data(Map.of("keys", keys));
    }

    private Response lookup(Request r) {
        String id = r.string("token");
        if (id.isEmpty()) {
            return lookupSelf(r);
        }
        TokenEntry e = ctx.tokens().lookup(id);
        if (e == null) {
            throw VaultError.of(403, "bad token");
        }
        return Response.data(TokenView.lookup(e, ctx.tokens().now(), r.namespace(), false));
    }

    private Response lookupSelf(Request r) {
        TokenEntry e = self(r);
        return Response.data(TokenView.lookup(e, ctx.tokens().now(), r.namespace(), false));
    }

    private Response lookupAccessor(Request r) {
        TokenEntry e = byAccessor(r);
        return Response.data(TokenView.lookup(e, ctx.tokens().now(), r.namespace(), true));
    }

    private Response renew(Request r) {
        String id = r.string("token");
        if (id.isEmpty()) {
            throw VaultError.badRequest("missing token ID");
        }
        TokenEntry e = ctx.tokens().lookup(id);
        if (e == null) {
            throw VaultError.badRequest("token not found");
        }
        return renew(e, r, false);
    }

    private Response renewSelf(Request r) {
        TokenEntry e = r.token() == null ? null : ctx.tokens().lookup(r.token().id());
        if (e == null) {
            // A limited-use token spent its last use on this very request.
            throw VaultError.badRequest("token not found");
        }
        return renew(e, r, false);
    }

    private Response renewAccessor(Request r) {
        return renew(byAccessor(r), r, true);
    }

    private Response renew(TokenEntry e, Request r, boolean hideId) {
        Duration increment = r.duration("increment", Duration.ZERO);
        // Tokens of this mount renew under its (tunable) max TTL; login tokens keep the max
        // their auth mount gave them at issue, which the token entry carries.
        long mountMax = e.path().startsWith("auth/token/") ? ctx.maxTtl().toSeconds() : 0;
        Tokens.Renewal renewal = ctx.tokens().renew(e, increment, mountMax);
        Response response = Response.issued(hideId ? TokenView.withoutId(renewal.token()) : renewal.token());
        renewal.warnings().forEach(response::warning);
        return response;
    }

    private Response revoke(Request r) {
        String id = r.string("token");
        if (id.isEmpty()) {
            throw VaultError.badRequest("missing token ID");
        }
        TokenEntry e = ctx.tokens().lookup(id);
        if (e != null) {
            ctx.tokens().revoke(e);
        }
        return Response.empty();
    }

    private Response revokeSelf(Request r) {
        TokenEntry e = r.token() == null ? null : ctx.tokens().lookup(r.token().id());
        if (e != null) {
            ctx.tokens().revoke(e);
        }
        return Response.empty();
    }

    private Response revokeAccessor(Request r) {
        String accessor = r.string("accessor");
        if (accessor.isEmpty()) {
            throw VaultError.badRequest("missing accessor");
        }
        TokenEntry e = ctx.tokens().lookupByAccessor(accessor);
        if (e == null) {
            return Response.empty().warning("No token found with this accessor");
        }
        ctx.tokens().revoke(e);
        return Response.empty();
    }

    private Response revokeOrphan(Request r) {
        String id = r.string("token");
        if (id.isEmpty()) {
            throw VaultError.badRequest("missing token ID");
        }
        // The core has already enforced sudo on this path (sudoPaths above).
        TokenEntry e = ctx.tokens().lookup(id);
        if (e == null) {
            throw VaultError.badRequest("token to revoke not found");
        }
        ctx.tokens().revokeOrphan(e);
        return Response.empty();
    }

    /** The caller's token as stored now (its use count already taken), or as authenticated. */
    private TokenEntry self(Request r) {
        if (r.token() == null) {
            throw VaultError.permissionDenied();
        }
        TokenEntry current = ctx.tokens().lookup(r.token().id());
        // On its last use a limited token is already gone from the store; Vault still answers.
        return current != null ? current : r.token();
    }

    private TokenEntry byAccessor(Request r) {
        String accessor = r.string("accessor");
        if (accessor.isEmpty()) {
            throw VaultError.badRequest("missing accessor");
        }
        TokenEntry e = ctx.tokens().lookupByAccessor(accessor);
        if (e == null) {
            throw VaultError.badRequest("invalid accessor");
        }
        return e;
    }

    @Override
    public String toString() {
        return "TokenBackend[" + ctx.entry().get().path() + "]";
    }
}
