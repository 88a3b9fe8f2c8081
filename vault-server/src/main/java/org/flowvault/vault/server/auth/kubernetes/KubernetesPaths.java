package org.flowvault.vault.server.auth.kubernetes;

import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flowvault.vault.server.auth.Cidrs;
import org.flowvault.vault.server.auth.jwt.Jwt;
import org.flowvault.vault.server.auth.jwt.PublicKeys;
import org.flowvault.vault.server.auth.NamedEntries;
import org.flowvault.vault.server.core.Backend;
import org.flowvault.vault.server.core.MountContext;
import org.flowvault.vault.server.core.Request;
import org.flowvault.vault.server.core.Response;
import org.flowvault.vault.server.core.Routes;
import org.flowvault.vault.server.core.VaultError;
import org.flowvault.vault.server.internal.ServerJson;

/**
 * The kubernetes path table: {@code config}, {@code role/<name>} and {@code login}. Storage:
 * {@code config} → {@link KubernetesConfig}, {@code role/<name>} → {@link KubernetesRole}.
 * Refusals of a presented token are 403s, as Vault answers them; malformed input is a 400.
 */
final class KubernetesPaths implements Backend {
    private static final String NAME = "(?<name>\\w(?:[\\w.-]*\\w)?)";

    private final MountContext ctx;
    private final Routes routes = new Routes();
    private final Object lock = new Object();
    private final NamedEntries<KubernetesRole> roles;

    KubernetesPaths(MountContext ctx) {
        this.ctx = ctx;
        this.roles = new NamedEntries<>(ctx, "role/", KubernetesRole.class, KubernetesRole.NEW, (role, r, name) -> role.update(r),
                KubernetesRole::render);
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

    private KubernetesConfig config() {
        byte[] raw = ctx.storage().get("config");
        return raw == null ? null : ServerJson.read(raw, KubernetesConfig.class);
    }

    private Response readConfig(Request r) {
        KubernetesConfig config = config();
        if (config == null) {
            throw VaultError.notFound();
        }
        Map<String, Object> data = new LinkedHashMap<>();
        config.render(data);
        return Response.data(data);
    }

    private Response writeConfig(Request r) {
        synchronized (lock) {
            ctx.storage().put("config", ServerJson.write(KubernetesConfig.from(r, config())));
        }
        return Response.empty();
    }

    private Response login(Request r) {
        String roleName = r.string("role");
        if (roleName.isEmpty()) {
            throw VaultError.badRequest("missing role");
        }
        String token = r.string("jwt");
        if (token.isEmpty()) {
            throw VaultError.badRequest("missing jwt");
        }
        if (!roleName.matches(NAME)) {
            throw VaultError.badRequest("invalid 'role': a role name is letters, digits, '_', '-' and '.'");
        }
        KubernetesRole role = roles.get(roleName);
        if (role == null) {
            // Vault quotes the name; it is not echoed here, a caller may have pasted a token into it.
            throw VaultError.badRequest("invalid role name: no role of this mount has the given 'role' name");
        }
        KubernetesConfig config = config();
        if (config == null) {
            throw VaultError.badRequest("could not load backend configuration");
        }
        if (!Cidrs.admits(role.token().boundCidrs(), r.remoteAddress())) {
            throw VaultError.badRequest("request originated from invalid CIDR");
        }
        Jwt jwt;
        ServiceAccount sa;
        try {
            jwt = Jwt.parse(token);
            sa = ServiceAccount.of(jwt);
        } catch (IllegalArgumentException e) {
            throw VaultError.badRequest("invalid 'jwt': " + e.getMessage());
        }
        if (!config.pemKeys().isEmpty() && !signedByPemKey(jwt, config)) {
            throw VaultError.of(403, "permission denied: the JWT is not signed by any of the configured 'pem_keys'");
        }
        if (!config.disableIssValidation() && !config.issuer().isEmpty() && !config.issuer().equals(jwt.claims().get("iss"))) {
            throw VaultError.of(403, "invalid issuer (iss) claim");
        }
        if (!role.admitsName(sa.name())) {
            throw VaultError.of(403, "service account name not authorized");
        }
        if (!role.admitsNamespace(sa.namespace())) {
            throw VaultError.of(403, "namespace not authorized");
        }
        if (!role.audience().isEmpty() && !sa.audiences().contains(role.audience())) {
            throw VaultError.of(403, "invalid audience (aud) claim: audience claim does not match any expected audience");
        }
        TokenReview.Result review;
        try {
            review = TokenReview.review(config, token, role.audience());
        } catch (TokenReview.Failure e) {
            throw VaultError.of(403, "lookup failed: " + e.getMessage());
        }
        if (!review.authenticated()) {
            throw VaultError.of(403, "lookup failed: service account jwt not valid");
        }
        if (!review.username().equals("system:serviceaccount:" + sa.namespace() + ":" + sa.name())) {
            throw VaultError.of(403, "lookup failed: JWT names did not match TokenReview");
        }
        if (!sa.uid().isEmpty() && !review.uid().isEmpty() && !sa.uid().equals(review.uid())) {
            throw VaultError.of(403, "lookup failed: JWT UID did not match TokenReview");
        }
        String uid = sa.uid().isEmpty() ? review.uid() : sa.uid();
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("role", roleName);
        metadata.put("service_account_name", sa.name());
        metadata.put("service_account_namespace", sa.namespace());
        metadata.put("service_account_secret_name", sa.secretName());
        metadata.put("service_account_uid", uid);
        return Response.login(role.token().login(metadata, sa.namespace() + "-" + sa.name(), List.of(), ctx.maxTtl()));
    }

    private static boolean signedByPemKey(Jwt jwt, KubernetesConfig config) {
        for (String pem : config.pemKeys()) {
            PublicKey key = PublicKeys.fromPem(pem);
            if (PublicKeys.verifies(jwt, key)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "KubernetesBackend[" + ctx.entry().get().path() + "]";
    }
}
