package org.flowvault.vault.server.auth.cert;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
 * The cert path table: {@code certs/<name>}, {@code config} and {@code login}. Storage:
 * {@code cert/<name>} → {@link CertEntry}, {@code config} → the {@link Config} flags.
 */
final class CertPaths implements Backend {
    private static final String NAME = "(?<name>\\w(?:[\\w.-]*\\w)?)";
    static final String NO_MATCH = "invalid certificate or no client certificate supplied";

    /** The mount's {@code config}: Vault's flags, stored and shown (no OCSP or identity here to use them). */
    record Config(@JsonProperty("disable_binding") boolean disableBinding,
                  @JsonProperty("enable_identity_alias_metadata") boolean enableIdentityAliasMetadata,
                  @JsonProperty("ocsp_cache_size") long ocspCacheSize,
                  @JsonProperty("role_cache_size") long roleCacheSize) {
        static final Config DEFAULTS = new Config(false, false, 100, 200);
    }

    private final MountContext ctx;
    private final Routes routes = new Routes();
    private final Object lock = new Object();
    private final NamedEntries<CertEntry> certs;

    CertPaths(MountContext ctx) {
        this.ctx = ctx;
        this.certs = new NamedEntries<>(ctx, "cert/", CertEntry.class, CertEntry.NEW, (entry, r, name) -> entry.update(r, name),
                CertEntry::render);
        routes.path("certs/?").list(certs::list);
        routes.path("certs/" + NAME).read(certs::read).write(certs::write).delete(certs::delete).exists(certs::exists);
        routes.path("config").read(this::readConfig).write(this::writeConfig);
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

    private Config config() {
        byte[] raw = ctx.storage().get("config");
        return raw == null ? Config.DEFAULTS : ServerJson.read(raw, Config.class);
    }

    private Response readConfig(Request r) {
        Config c = config();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("disable_binding", c.disableBinding());
        data.put("enable_identity_alias_metadata", c.enableIdentityAliasMetadata());
        data.put("ocsp_cache_size", c.ocspCacheSize());
        data.put("role_cache_size", c.roleCacheSize());
        return Response.data(data);
    }

    private Response writeConfig(Request r) {
        synchronized (lock) {
            Config c = config();
            long ocsp = r.integer("ocsp_cache_size", c.ocspCacheSize());
            if (ocsp < 2) {
                throw VaultError.badRequest("invalid cache size, must be >= 2 and <= 100000");
            }
            ctx.storage().put("config", ServerJson.write(new Config(r.bool("disable_binding", c.disableBinding()),
                    r.bool("enable_identity_alias_metadata", c.enableIdentityAliasMetadata()), ocsp,
                    r.integer("role_cache_size", c.roleCacheSize()))));
        }
        return Response.empty();
    }

    private Response login(Request r) {
        List<X509Certificate> chain = r.clientCertificates();
        if (chain.isEmpty()) {
            throw VaultError.badRequest("client certificate must be supplied: log in over HTTPS presenting a TLS client certificate");
        }
        String only = r.string("name");
        List<String> candidates = only.isEmpty() ? certs.names() : List.of(only);
        boolean chained = false;
        for (String name : new TreeSet<>(candidates)) {
            CertEntry entry = name.matches(NAME) ? certs.get(name) : null;
            if (entry == null || !ChainMatch.trusts(entry, chain, ctx.clock().instant())) {
                continue;
            }
            chained = true;
            if (!ChainMatch.namesMatch(entry, chain.get(0))) {
                continue;
            }
            if (!Cidrs.admits(entry.token().boundCidrs(), r.remoteAddress())) {
                throw VaultError.badRequest("login request originated from invalid CIDR");
            }
            return Response.login(entry.token().login(metadata(name, chain.get(0)), entry.displayName(), List.of(),
                    ctx.maxTtl()));
        }
        throw VaultError.badRequest(chained ? "no chain matching all constraints could be found for this login certificate"
                : NO_MATCH);
    }

    private static Map<String, String> metadata(String name, X509Certificate leaf) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("authority_key_id", ChainMatch.keyId(leaf, "2.5.29.35"));
        m.put("cert_name", name);
        m.put("common_name", ChainMatch.commonName(leaf));
        m.put("serial_number", leaf.getSerialNumber().toString());
        m.put("subject_key_id", ChainMatch.keyId(leaf, "2.5.29.14"));
        return m;
    }

    @Override
    public String toString() {
        return "CertBackend[" + ctx.entry().get().path() + "]";
    }
}
