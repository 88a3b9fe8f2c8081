package org.flowvault.vault.server.sys;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowvault.vault.server.core.Core;
import org.flowvault.vault.server.core.MountEntry;
import org.flowvault.vault.server.core.MountTuning;
import org.flowvault.vault.server.policy.Operation;
import org.flowvault.vault.server.core.Request;
import org.flowvault.vault.server.core.Response;
import org.flowvault.vault.server.core.Routes;
import org.flowvault.vault.server.core.VaultError;
import org.flowvault.vault.server.namespace.Namespace;
import org.flowvault.vault.server.policy.Acl;

/** sys/mounts, sys/auth, their tune endpoints, and sys/internal/ui/mounts. */
final class MountEndpoints {
    private static final String SEGMENTS = "(?<path>[^*]+?)/?";
    private final Core core;

    MountEndpoints(Core core) {
        this.core = core;
    }

    void register(Routes routes) {
        routes.path("mounts/?").read(r -> list(r, MountEntry.SECRETS));
        routes.path("mounts/" + SEGMENTS + "/tune").read(r -> readTune(r, MountEntry.SECRETS)).write(r -> tune(r, MountEntry.SECRETS));
        routes.path("mounts/" + SEGMENTS).write(r -> enable(r, MountEntry.SECRETS)).delete(r -> disable(r, MountEntry.SECRETS))
                .read(r -> readOne(r, MountEntry.SECRETS));
        routes.path("auth/?").read(r -> list(r, MountEntry.AUTH));
        routes.path("auth/" + SEGMENTS + "/tune").read(r -> readTune(r, MountEntry.AUTH)).write(r -> tune(r, MountEntry.AUTH));
        routes.path("auth/" + SEGMENTS).write(r -> enable(r, MountEntry.AUTH)).delete(r -> disable(r, MountEntry.AUTH))
                .read(r -> readOne(r, MountEntry.AUTH));
        routes.path("internal/ui/mounts/?").read(this::uiMounts);
        routes.path("internal/ui/mounts/(?<path>.+)").read(this::uiMount);
    }

    private Response list(Request r, String table) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (MountEntry e : core.mounts(r.namespace(), table)) {
            out.put(e.path(), describe(e));
        }
        return Response.data(out);
    }

    private Response readOne(Request r, String table) {
        MountEntry e = core.mount(r.namespace(), routerPath(table, r.param("path")));
        if (e == null) {
            throw VaultError.badRequest("No " + (MountEntry.AUTH.equals(table) ? "auth" : "secret") + " engine mount at " + r.param("path") + "/");
        }
        return Response.data(describe(e));
    }

    static Map<String, Object> describe(MountEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("accessor", e.accessor());
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("default_lease_ttl", e.defaultLeaseTtl());
        config.put("max_lease_ttl", e.maxLeaseTtl());
        config.put("force_no_cache", false);
        if (!e.listingVisibility().isEmpty()) {
            config.put("listing_visibility", e.listingVisibility());
        }
        m.put("config", config);
        m.put("description", e.description());
        m.put("external_entropy_access", false);
        m.put("local", e.local());
        m.put("options", e.options().isEmpty() ? null : e.options());
        m.put("plugin_version", "");
        m.put("running_plugin_version", "v" + org.flowvault.vault.server.core.Version.VAULT_API + "+builtin");
        m.put("running_sha256", "");
        m.put("seal_wrap", e.sealWrap());
        m.put("type", e.type());
        m.put("uuid", e.uuid());
        return m;
    }

    private static String clean(String path) {
        String p = path.endsWith("/") ? path : path + "/";
        if (p.equals("/") || p.startsWith("/")) {
            throw VaultError.badRequest("path cannot be empty or start with a slash");
        }
        return p;
    }

    private static String routerPath(String table, String path) {
        return (MountEntry.AUTH.equals(table) ? "auth/" : "") + clean(path);
    }

    private Response enable(Request r, String table) {
        String path = clean(r.param("path"));
        String type = r.string("type");
        if (type.isEmpty()) {
            throw VaultError.badRequest("backend type must be specified as a string");
        }
        Map<String, String> options = new HashMap<>(r.stringMap("options"));
        if (type.equals("kv-v2")) {
            type = "kv";
            options.put("version", "2");
        }
        if (type.equals("kv") && !options.containsKey("version")) {
            options.put("version", "1");
        }
        if (type.equals("kv") && !options.get("version").matches("[12]")) {
            throw VaultError.badRequest("invalid kv version: use \"1\" or \"2\"");
        }
        if (MountEntry.SECRETS.equals(table) && (path.equals("sys/") || path.startsWith("auth/") || path.equals("cubbyhole/") || path.equals("identity/"))) {
            throw VaultError.badRequest("cannot mount at reserved path \"" + path + "\"");
        }
        Map<String, Object> config = r.map("config");
        Request cfg = r.withData(config);
        long def = cfg.duration("default_lease_ttl", java.time.Duration.ZERO).toSeconds();
        long max = cfg.duration("max_lease_ttl", java.time.Duration.ZERO).toSeconds();
        checkTtls(def, max);
        core.enable(r.namespace(), table, path, type, r.string("description"), options, def, max);
        return Response.empty();
    }

    private void checkTtls(long def, long max) {
        long sysMax = core.options().maxLeaseTtl().toSeconds();
        if (max > 0 && def > max) {
            throw VaultError.badRequest("default_lease_ttl cannot be greater than max_lease_ttl");
        }
        if (max > sysMax || def > sysMax) {
            throw VaultError.badRequest("lease TTL cannot be greater than the system max lease TTL (" + sysMax + "s)");
        }
    }

    private Response disable(Request r, String table) {
        String rp = routerPath(table, r.param("path"));
        if (rp.equals("sys/") || rp.equals("auth/token/") || rp.equals("cubbyhole/")) {
            throw VaultError.badRequest("cannot unmount \"" + clean(r.param("path")) + "\"");
        }
        core.disable(r.namespace(), rp);
        return Response.empty();
    }

    private MountEntry existing(Request r, String table) {
        MountEntry e = core.mount(r.namespace(), routerPath(table, r.param("path")));
        if (e == null) {
            throw VaultError.badRequest("cannot fetch sysview for path \"" + clean(r.param("path")) + "\"");
        }
        return e;
    }

    /** Vault's tune read: effective TTLs as integers, and each tunable only once it is set. */
    private Response readTune(Request r, String table) {
        MountEntry e = existing(r, table);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("description", e.description());
        m.put("default_lease_ttl", e.defaultLeaseTtl() > 0 ? e.defaultLeaseTtl() : core.options().defaultLeaseTtl().toSeconds());
        m.put("max_lease_ttl", e.maxLeaseTtl() > 0 ? e.maxLeaseTtl() : core.options().maxLeaseTtl().toSeconds());
        m.put("force_no_cache", false);
        MountTuning t = e.tuning();
        if (MountEntry.AUTH.equals(table)) {
            m.put("token_type", t.tokenType());
        }
        putIfSet(m, "audit_non_hmac_request_keys", t.auditNonHmacRequestKeys());
        putIfSet(m, "audit_non_hmac_response_keys", t.auditNonHmacResponseKeys());
        putIfSet(m, "passthrough_request_headers", t.passthroughRequestHeaders());
        putIfSet(m, "allowed_response_headers", t.allowedResponseHeaders());
        if (!e.listingVisibility().isEmpty()) {
            m.put("listing_visibility", e.listingVisibility());
        }
        if (!e.options().isEmpty()) {
            m.put("options", e.options());
        }
        return Response.data(m);
    }

    private static void putIfSet(Map<String, Object> m, String key, List<String> values) {
        if (!values.isEmpty()) {
            m.put(key, values);
        }
    }

    /**
     * Vault's tune write: absent or empty fields keep their value; TTLs take seconds or Go
     * durations, "system" resets to the system default; when both TTLs are set the max may not be
     * below the default. The system max is not checked here (Vault caps leases at use instead).
     */
    private Response tune(Request r, String table) {
        MountEntry e = existing(r, table);
        long def = tunedTtl(r, "default_lease_ttl", e.defaultLeaseTtl());
        long max = tunedTtl(r, "max_lease_ttl", e.maxLeaseTtl());
        if (def != 0 && max != 0 && max < def) {
            throw VaultError.badRequest("backend max lease TTL of " + max + " would be less than backend default lease TTL of " + def);
        }
        Map<String, String> options = new HashMap<>(e.options());
        String upgradeWarning = null;
        if (r.has("options")) {
            Map<String, String> given = r.stringMap("options");
            if (given.containsKey("version") && e.type().equals("kv")) {
                String v = given.get("version");
                if (!v.matches("[12]")) {
                    throw VaultError.badRequest("invalid kv version: use \"1\" or \"2\"");
                }
                if (v.equals("1") && "2".equals(e.options().get("version"))) {
                    throw VaultError.badRequest("cannot downgrade mount from version 2");
                }
                if (v.equals("2") && !"2".equals(e.options().get("version"))) {
                    upgradeWarning = "Upgrading mount from version 1 to version 2. This mount will be unavailable for a brief period and will resume service shortly.";
                }
            }
            options.putAll(given);
        }
        String description = r.has("description") ? r.string("description") : e.description();
        String visibility = r.has("listing_visibility") ? r.string("listing_visibility") : e.listingVisibility();
        if (!visibility.isEmpty() && !visibility.equals("hidden") && !visibility.equals("unauth")) {
            throw VaultError.badRequest("invalid listing_visibility: use \"unauth\", \"hidden\" or \"\"");
        }
        MountTuning t = e.tuning();
        String tokenType = t.tokenType();
        if (r.has("token_type")) {
            if (!MountEntry.AUTH.equals(table)) {
                throw VaultError.badRequest("'token_type' can only be modified on auth mounts");
            }
            if (e.type().equals("token")) {
                throw VaultError.badRequest("'token_type' cannot be set for 'token' or 'ns_token' auth mounts");
            }
            tokenType = r.string("token_type");
            if (tokenType.isEmpty()) {
                tokenType = "default-service";
            }
            if (!List.of("default-service", "default-batch", "service", "batch").contains(tokenType)) {
                throw VaultError.badRequest("invalid value for 'token_type': use default-service, default-batch, service or batch");
            }
        }
        MountTuning tuned = new MountTuning(
                listOr(r, "audit_non_hmac_request_keys", t.auditNonHmacRequestKeys()),
                listOr(r, "audit_non_hmac_response_keys", t.auditNonHmacResponseKeys()),
                listOr(r, "passthrough_request_headers", t.passthroughRequestHeaders()),
                listOr(r, "allowed_response_headers", t.allowedResponseHeaders()),
                tokenType);
        core.tune(r.namespace(), e.routerPath(), old -> old.withTtls(def, max).withOptions(options)
                .withDescription(description).withListingVisibility(visibility).withTuning(tuned));
        return upgradeWarning == null ? Response.empty() : Response.data(Map.of()).warning(upgradeWarning);
    }

    private static List<String> listOr(Request r, String field, List<String> current) {
        return r.has(field) ? r.stringList(field) : current;
    }

    /** A tuned TTL in seconds: absent or "" keeps {@code current}, "system" is 0 (the system's). */
    private static long tunedTtl(Request r, String field, long current) {
        Object v = r.raw(field);
        if (v == null || "".equals(v)) {
            return current;
        }
        if ("system".equals(v)) {
            return 0;
        }
        java.time.Duration d;
        try {
            d = v instanceof Number || v instanceof String ? org.flowvault.vault.server.internal.Durations.parse(v) : null;
        } catch (IllegalArgumentException e) {
            d = null;
        }
        if (d == null) {
            throw VaultError.badRequest(field + " is not a valid duration: use seconds (3600), a Go duration (\"1h\") or \"system\"");
        }
        if (d.isNegative()) {
            throw VaultError.badRequest(field + " cannot be negative");
        }
        return d.toSeconds();
    }

    private Response uiMounts(Request r) {
        Acl acl = aclOf(r);
        Map<String, Object> secret = new LinkedHashMap<>();
        Map<String, Object> auth = new LinkedHashMap<>();
        for (MountEntry e : core.mounts(r.namespace(), MountEntry.SECRETS)) {
            if (acl != null && (acl.isRoot() || acl.anyAllowedUnder(e.routerPath())) || "unauth".equals(e.listingVisibility())) {
                secret.put(e.path(), describe(e));
            }
        }
        for (MountEntry e : core.mounts(r.namespace(), MountEntry.AUTH)) {
            if (acl != null && (acl.isRoot() || acl.anyAllowedUnder(e.routerPath())) || "unauth".equals(e.listingVisibility())) {
                auth.put(e.path(), describe(e));
            }
        }
        return Response.data(Map.of("secret", secret, "auth", auth));
    }

    private Response uiMount(Request r) {
        Acl acl = aclOf(r);
        if (acl == null) {
            throw VaultError.permissionDenied();
        }
        String path = r.param("path");
        MountEntry e = core.mountFor(r.namespace(), path);
        if (e == null || !(acl.isRoot() || acl.anyAllowedUnder(e.routerPath()))) {
            throw VaultError.permissionDenied();
        }
        Map<String, Object> m = describe(e);
        m.put("path", e.routerPath());
        return Response.data(m);
    }

    private Acl aclOf(Request r) {
        if (r.token() == null) {
            return null;
        }
        Namespace tokenNs = core.namespaceById(r.token().namespaceId());
        if (tokenNs == null || !tokenNs.contains(r.namespace())) {
            return null;
        }
        return core.policies(tokenNs).aclFor(r.token().policies());
    }

    static boolean isList(Request r) {
        return r.operation() == Operation.LIST;
    }
}
