package org.flowvault.vault.server.sys;

import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowvault.vault.server.barrier.Barrier;
import java.util.function.Supplier;
import org.flowvault.vault.server.core.Core;
import org.flowvault.vault.server.core.Request;
import org.flowvault.vault.server.core.Response;
import org.flowvault.vault.server.core.Routes;
import org.flowvault.vault.server.core.TextBody;
import org.flowvault.vault.server.core.VaultError;
import org.flowvault.vault.server.namespace.Namespace;
import org.flowvault.vault.server.policy.Acl;
import org.flowvault.vault.server.wrapping.ResponseWrapper;
import org.flowvault.vault.server.core.TokenEntry;

/** Capabilities, seal, step-down and key status. */
final class MiscEndpoints {
    private final Core core;
    private final Supplier<ResponseWrapper> wrapping;

    MiscEndpoints(Core core, Supplier<ResponseWrapper> wrapping) {
        this.core = core;
        this.wrapping = wrapping;
    }

    void register(Routes routes) {
        routes.path("capabilities-self").write(r -> capabilities(r, r.token()));
        routes.path("capabilities").write(r -> capabilities(r, lookup(r.string("token"))));
        routes.path("capabilities-accessor").write(r -> capabilities(r, core.tokens().lookupByAccessor(r.string("accessor"))));
        routes.path("seal").write(this::seal);
        routes.path("wrapping/unwrap").write(r -> Response.raw(200, wrapping.get().unwrap(wrappingToken(r))));
        routes.path("wrapping/lookup").write(r -> Response.data(wrapping.get().lookup(wrappingToken(r))))
                .read(r -> Response.data(wrapping.get().lookup(wrappingToken(r))));
        routes.path("wrapping/wrap").write(this::wrapData);
        routes.path("step-down").write(r -> Response.empty());
        routes.path("metrics").read(this::metrics);
        routes.path("key-status").read(this::keyStatus);
        routes.path("rotate").write(this::rotate);
        // Backups exist only for PGP-encrypted shares, which this server does not make: nothing to read.
        routes.path("rekey/backup").read(r -> { throw VaultError.notFound(); }).delete(r -> Response.empty());
        routes.path("rekey/recovery-key-backup").read(r -> { throw VaultError.notFound(); }).delete(r -> Response.empty());
    }

    /**
     * {@code GET sys/metrics}: Vault's JSON summary, or the Prometheus text format with
     * {@code ?format=prometheus}. Needs a token allowed to read {@code sys/metrics}, as in Vault
     * without {@code unauthenticated_metrics_access}.
     */
    private Response metrics(Request r) {
        String format = r.string("format", "");
        return switch (format) {
            case "" -> Response.raw(200, core.telemetry().json());
            case "prometheus" -> Response.raw(200, new TextBody("text/plain; version=0.0.4; charset=utf-8", core.telemetry().prometheus()));
            default -> throw VaultError.badRequest("unknown metrics format: use format=prometheus, or no format for JSON");
        };
    }

    /** The wrapping token from the body ("token") or, as Vault allows, the request's own token. */
    private static String wrappingToken(Request r) {
        String t = r.string("token");
        if (t.isEmpty() && r.token() != null) {
            t = r.token().id();
        }
        return t;
    }

    /** sys/wrapping/wrap answers the data itself; the pipeline wraps it when X-Vault-Wrap-TTL is set. */
    private Response wrapData(Request r) {
        if (r.data().isEmpty()) {
            throw VaultError.badRequest("empty request body");
        }
        return Response.data(r.data());
    }

    private TokenEntry lookup(String token) {
        TokenEntry t = core.tokens().lookup(token);
        if (t == null) {
            throw VaultError.badRequest("invalid token");
        }
        return t;
    }

    private Response capabilities(Request r, TokenEntry token) {
        if (token == null) {
            throw VaultError.badRequest("invalid token");
        }
        List<String> paths = r.stringList("paths");
        if (paths.isEmpty() && r.has("path")) {
            paths = r.stringList("path");
        }
        if (paths.isEmpty()) {
            throw VaultError.badRequest("missing path");
        }
        Namespace tokenNs = core.namespaceById(token.namespaceId());
        if (tokenNs == null) {
            throw VaultError.badRequest("invalid token");
        }
        Acl acl = core.policies(tokenNs).aclFor(token.policies());
        String prefix = r.namespace().path().startsWith(tokenNs.path()) ? r.namespace().path().substring(tokenNs.path().length()) : "";
        Map<String, Object> out = new LinkedHashMap<>();
        List<String> all = new java.util.ArrayList<>();
        for (String p : paths) {
            String path = p.startsWith("/") ? p.substring(1) : p;
            List<String> caps = acl.capabilities(prefix + path);
            out.put(p, caps);
            for (String c : caps) {
                if (!all.contains(c)) {
                    all.add(c);
                }
            }
        }
        all.sort(null);
        out.put("capabilities", all);
        return Response.data(out);
    }

    private Response keyStatus(Request r) {
        Barrier.KeyStatus s = core.keyStatus();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("term", s.term());
        out.put("install_time", DateTimeFormatter.ISO_INSTANT.format(s.installTime()));
        out.put("encryptions", s.encryptions());
        return Response.data(out);
    }

    /** sys/rotate (sudo): a new barrier key term for new writes; older terms still decrypt. */
    private Response rotate(Request r) {
        if (!r.namespace().isRoot()) {
            throw VaultError.badRequest("the barrier key can only be rotated from the root namespace");
        }
        core.seal().rotateBarrierKey();
        return Response.empty();
    }

    private Response seal(Request r) {
        if (!r.namespace().isRoot()) {
            throw VaultError.badRequest("sealing is only possible from the root namespace");
        }
        core.sealNow();
        return Response.empty();
    }
}
