package org.flowvault.vault.server.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.flowvault.vault.server.barrier.BarrierException;
import org.flowvault.vault.server.internal.Durations;
import org.flowvault.vault.server.namespace.Namespace;
import org.flowvault.vault.server.policy.Acl;
import org.flowvault.vault.server.storage.InvalidKeyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.flowvault.vault.server.policy.Operation;

/**
 * One request from the HTTP layer to a backend and back: seal check, namespace and mount
 * resolution, token authentication, ACL (create versus update by existence, sudo paths), audit,
 * dispatch, token issue for logins, and Vault's response envelope.
 */
final class RequestPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(RequestPipeline.class);
    /** sys endpoints that work without a token and while sealed. */
    private static final Set<String> SEAL_PATHS = Set.of("sys/init", "sys/seal-status", "sys/unseal", "sys/health", "sys/leader");

    private final Core core;
    private final SealApi sealEndpoints;

    RequestPipeline(Core core, SealApi sealEndpoints) {
        this.core = core;
        this.sealEndpoints = sealEndpoints;
    }

    ApiReply handle(ApiRequest api) {
        long start = System.nanoTime();
        ApiReply reply = handleTimed(api);
        core.telemetry().request(reply.status(), System.nanoTime() - start);
        return reply;
    }

    private ApiReply handleTimed(ApiRequest api) {
        try {
            return dispatch(api);
        } catch (VaultError e) {
            return ApiReply.error(e);
        } catch (InvalidKeyException e) {
            // a name or path from the request the storage cannot hold: the request's fault, said without the path
            return ApiReply.error(VaultError.badRequest("invalid path or name: " + e.getMessage()));
        } catch (BarrierException e) {
            if (core.sealed()) {
                return ApiReply.error(VaultError.sealed());
            }
            LOG.error("storage barrier failure on {} {}: {}", api.method(), api.path(), e.getMessage());
            return ApiReply.error(VaultError.of(500, "internal error"));
        } catch (RuntimeException e) {
            // A bug or an I/O failure: log the path (never the body), answer Vault's generic error.
            LOG.error("internal error on {} {}", api.method(), api.path(), e);
            return ApiReply.error(VaultError.of(500, "internal error"));
        }
    }

    private ApiReply dispatch(ApiRequest api) {
        String nsHeader = normalizeNamespace(api.namespaceHeader());
        if (nsHeader.isEmpty() && SEAL_PATHS.contains(api.path())) {
            return sealEndpoints.handle(api);
        }
        if (nsHeader.isEmpty() && sealEndpoints.operatorKeyPaths().contains(api.path())) {
            return auditedOperatorKeys(api);
        }
        if (core.sealed()) {
            throw VaultError.sealed();
        }
        NamespaceState ns = core.namespaceState(nsHeader);
        if (ns == null) {
            throw VaultError.of(404, "no handler for route \"" + api.path() + "\". route entry not found.");
        }
        String path = api.path();
        // A path may start with child namespaces of the header's namespace: "team/secret/x".
        while (true) {
            int slash = path.indexOf('/');
            if (slash <= 0) {
                break;
            }
            NamespaceState child = core.namespaceState(ns.namespace().path() + path.substring(0, slash + 1));
            if (child == null) {
                break;
            }
            ns = child;
            path = path.substring(slash + 1);
        }
        Mounted mounted = ns.mounts().match(path);
        if (mounted == null) {
            throw VaultError.of(404, "no handler for route \"" + api.path() + "\". route entry not found.");
        }
        MountEntry entry = mounted.entry;
        String routerPath = entry.routerPath();
        Operation op = operation(api);
        if (op == Operation.LIST && !path.endsWith("/")) {
            path = path + "/"; // Vault lists folders: "secret/metadata/app" means "app/"
        }
        String rel = path.length() >= routerPath.length() ? path.substring(routerPath.length()) : "";
        Request request = new Request(op, rel, api.data(), ns.namespace(), entry,
                mounted.storage, null, api.contentType(), api.remoteAddress(), Map.of(), api.clientCertificates());
        TokenEntry token = hasToken(api) ? core.tokens().lookup(api.token()) : null;
        if (!mounted.unauthenticated(rel)) {
            if (token == null) {
                throw VaultError.permissionDenied();
            }
            request = authorize(request, mounted, token, ns.namespace(), path);
            if (!core.tokens().use(token)) {
                throw VaultError.permissionDenied();
            }
        }
        request = request.withToken(token);
        String requestId = requestId();
        AuditLog audit = core.audit();
        audit.logRequest(requestId, request, path, token);
        Response response = mounted.backend.handle(request);
        if (response == null) {
            response = Response.empty();
        }
        if (response.login() != null) {
            response.issue(issue(response.login(), ns.namespace(), entry, rel));
        }
        if (response.secret() != null) {
            core.leases().register(ns.namespace(), path, response, token == null ? null : token.accessor());
        }
        audit.logResponse(requestId, request, path, token, response);
        ApiReply reply = render(requestId, response, entry, path);
        if (api.wrapTtl() != null && !api.wrapTtl().isBlank() && reply.body() instanceof Map<?, ?> body && reply.status() == 200
                && !path.equals("sys/wrapping/unwrap") && !path.equals("sys/wrapping/lookup")) {
            return new ApiReply(200, wrap(api, body, ns.namespace(), path, response, requestId));
        }
        return reply;
    }

    /**
     * Rekey and root generation take no token, but hand out key shares and root tokens: like
     * Vault, audit them (while unsealed, when devices exist), request before and response after.
     * The devices HMAC every string, so neither shares nor encoded tokens reach the log in clear.
     */
    private ApiReply auditedOperatorKeys(ApiRequest api) {
        AuditLog audit = core.sealed() ? null : core.audit();
        MountEntry sys = audit == null ? null : core.mount(Namespace.ROOT, "sys/");
        if (sys == null) {
            return sealEndpoints.handleOperatorKeys(api);
        }
        Operation op = switch (api.method()) {
            case "GET", "HEAD" -> Operation.READ;
            case "DELETE" -> Operation.DELETE;
            default -> Operation.UPDATE;
        };
        Request request = new Request(op, api.path().substring("sys/".length()), api.data(), Namespace.ROOT, sys,
                null, null, api.contentType(), api.remoteAddress(), Map.of());
        String id = requestId();
        audit.logRequest(id, request, api.path(), null);
        ApiReply reply = sealEndpoints.handleOperatorKeys(api);
        audit.logResponse(id, request, api.path(), null,
                reply.body() == null ? Response.empty() : Response.raw(reply.status(), reply.body()));
        return reply;
    }

    private Request authorize(Request request, Mounted mounted, TokenEntry token, Namespace ns, String path) {
        Namespace tokenNs = core.namespace(nsPathOf(token));
        if (tokenNs == null || !tokenNs.contains(ns)) {
            throw VaultError.permissionDenied();
        }
        String aclPath = ns.path().substring(tokenNs.path().length()) + path;
        Acl acl = core.policies(tokenNs).aclFor(token.policies());
        Operation op = request.operation();
        if (op == Operation.UPDATE) {
            Boolean exists = mounted.backend.exists(request);
            if (Boolean.FALSE.equals(exists)) {
                op = Operation.CREATE;
            }
        }
        if (!acl.allowed(aclPath, op, request.data(), null)) {
            throw VaultError.permissionDenied();
        }
        if (mounted.sudo(request.path()) && !acl.sudo(aclPath)) {
            throw VaultError.permissionDenied();
        }
        return request.withOperation(op);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> wrap(ApiRequest api, Map<?, ?> body, Namespace ns, String path, Response response, String requestId) {
        Duration ttl;
        try {
            ttl = Durations.parse(api.wrapTtl());
        } catch (IllegalArgumentException e) {
            throw VaultError.badRequest("invalid wrap TTL: " + e.getMessage());
        }
        String wrappedAccessor = response.issuedToken() == null ? null : response.issuedToken().accessor();
        return core.wrapper().wrap((Map<String, Object>) body, ttl, ns, path, wrappedAccessor, requestId);
    }

    private String nsPathOf(TokenEntry token) {
        Namespace n = core.namespaceById(token.namespaceId());
        return n == null ? null : n.path();
    }

    /** A v4 UUID from a non-blocking source: request ids identify, they protect nothing. */
    private static String requestId() {
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        long msb = (r.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    private static boolean hasToken(ApiRequest api) {
        return api.token() != null && !api.token().isEmpty();
    }

    private TokenEntry issue(LoginAuth auth, Namespace ns, MountEntry entry, String rel) {
        List<String> policies = new ArrayList<>(auth.policies());
        if (!auth.noDefaultPolicy() && !policies.contains("default")) {
            policies.add("default");
        }
        // The smaller of the role's max TTL and the mount's (zero means "not set").
        Duration mountMax = Duration.ofSeconds(entry.maxLeaseTtl());
        Duration max = auth.maxTtl() == null || auth.maxTtl().isZero() ? mountMax
                : mountMax.isZero() || auth.maxTtl().compareTo(mountMax) < 0 ? auth.maxTtl() : mountMax;
        Duration ttl = auth.ttl();
        if ((ttl == null || ttl.isZero()) && entry.defaultLeaseTtl() > 0) {
            ttl = Duration.ofSeconds(entry.defaultLeaseTtl());
        }
        // Vault names login tokens after the mount path: "userpass-alice" for auth/userpass/.
        String mountName = entry.path().replace('/', '-');
        mountName = mountName.endsWith("-") ? mountName.substring(0, mountName.length() - 1) : mountName;
        String display = auth.displayName() == null || auth.displayName().isEmpty()
                ? mountName : mountName + "-" + auth.displayName();
        return core.tokens().create(new TokenSpec(null, policies, "", ns, entry.routerPath() + rel, auth.metadata(),
                display, auth.numUses(), ttl, max, auth.explicitMaxTtl(), auth.period(), auth.renewable(), auth.boundCidrs()));
    }

    private static Operation operation(ApiRequest api) {
        return switch (api.method()) {
            case "GET" -> api.listFlag() ? Operation.LIST : Operation.READ;
            case "LIST" -> Operation.LIST;
            case "POST", "PUT" -> Operation.UPDATE;
            case "PATCH" -> Operation.PATCH;
            case "DELETE" -> Operation.DELETE;
            default -> throw VaultError.of(405, "unsupported operation");
        };
    }

    static String normalizeNamespace(String header) {
        if (header == null) {
            return "";
        }
        String h = header.trim();
        while (h.startsWith("/")) {
            h = h.substring(1);
        }
        if (h.isEmpty() || h.equals("root") || h.equals("root/")) {
            return "";
        }
        return h.endsWith("/") ? h : h + "/";
    }

    private ApiReply render(String requestId, Response r, MountEntry entry, String path) {
        if (r.raw() != null) {
            return new ApiReply(r.status(), r.raw());
        }
        if (r.isEmpty()) {
            return new ApiReply(204, null);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        if (path.startsWith("sys/") && r.data() != null) {
            body.putAll(r.data()); // Vault keeps sys responses' keys at the top level too
        }
        body.put("request_id", requestId);
        body.put("lease_id", r.leaseId());
        body.put("renewable", r.renewable());
        body.put("lease_duration", r.leaseDuration());
        body.put("data", r.data());
        body.put("wrap_info", null);
        body.put("warnings", r.warnings().isEmpty() ? null : r.warnings());
        body.put("auth", r.issuedToken() == null ? null : authBlock(r.issuedToken()));
        body.put("mount_type", entry.type());
        return new ApiReply(r.status() == 204 ? 200 : r.status(), body);
    }

    static Map<String, Object> authBlock(TokenEntry t) {
        Map<String, Object> auth = new LinkedHashMap<>();
        auth.put("client_token", t.id());
        auth.put("accessor", t.accessor());
        auth.put("policies", t.policies());
        auth.put("token_policies", t.policies());
        auth.put("metadata", t.meta().isEmpty() ? null : t.meta());
        auth.put("lease_duration", t.ttl());
        auth.put("renewable", t.renewable());
        auth.put("entity_id", "");
        auth.put("token_type", "service");
        auth.put("orphan", t.orphan());
        auth.put("mfa_requirement", null);
        auth.put("num_uses", t.numUses());
        return auth;
    }
}
