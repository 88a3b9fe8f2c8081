package org.flowvault.vault.server.token;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.flowvault.vault.server.namespace.Namespace;
import org.flowvault.vault.server.core.TokenEntry;

/** How Vault shows a token: the data of {@code auth/token/lookup*}, keys sorted as Go prints maps. */
final class TokenView {
    /** Vault's init and generate-root tokens have no lease, so their lookup shows no lease times. */
    private static final String ROOT_PATH = "auth/token/root";

    private TokenView() {
    }

    /**
     * The lookup data of {@code e} at {@code now} (epoch seconds). {@code hideId} blanks the id,
     * as lookups by accessor do.
     */
    static Map<String, Object> lookup(TokenEntry e, long now, Namespace requestNamespace, boolean hideId) {
        Map<String, Object> m = new TreeMap<>();
        m.put("accessor", e.accessor());
        m.put("creation_time", e.creationTime());
        m.put("creation_ttl", e.ttl());
        m.put("display_name", e.displayName());
        m.put("entity_id", "");
        m.put("expire_time", e.expireTime() == 0 ? null : rfc3339(e.expireTime()));
        m.put("explicit_max_ttl", e.explicitMaxTtl());
        m.put("id", hideId ? "" : e.id());
        m.put("meta", e.meta().isEmpty() ? null : e.meta());
        m.put("num_uses", e.numUses());
        m.put("orphan", e.parent().isEmpty());
        m.put("path", e.path());
        m.put("policies", e.policies());
        m.put("ttl", e.expireTime() == 0 ? 0L : Math.max(0L, e.expireTime() - now));
        m.put("type", "service");
        if (!ROOT_PATH.equals(e.path())) {
            m.put("issue_time", rfc3339(e.creationTime()));
            m.put("renewable", e.renewable() && e.expireTime() != 0 && !e.expired(now));
        }
        if (e.lastRenewalTime() > 0) {
            m.put("last_renewal_time", e.lastRenewalTime());
            m.put("last_renewal", rfc3339(e.lastRenewalTime()));
        }
        if (e.period() > 0) {
            m.put("period", e.period());
        }
        if (!e.boundCidrs().isEmpty()) {
            m.put("bound_cidrs", e.boundCidrs());
        }
        if (!requestNamespace.isRoot() && requestNamespace.id().equals(e.namespaceId())) {
            m.put("namespace_path", requestNamespace.path());
        }
        return m;
    }

    /** A copy whose id is blank, for answers about a token found by accessor. */
    static TokenEntry withoutId(TokenEntry e) {
        return new TokenEntry("", e.accessor(), e.policies(), e.parent(), e.namespaceId(), e.path(), e.meta(),
                e.displayName(), e.numUses(), e.creationTime(), e.ttl(), e.explicitMaxTtl(), e.period(),
                e.expireTime(), e.renewable(), e.orphan(), e.maxTtl(), e.lastRenewalTime(), e.boundCidrs());
    }

    static String rfc3339(long epochSeconds) {
        return Instant.ofEpochSecond(epochSeconds).toString();
    }
}
