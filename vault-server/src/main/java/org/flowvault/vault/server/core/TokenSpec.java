package org.flowvault.vault.server.core;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.flowvault.vault.server.namespace.Namespace;

/**
 * What to issue: the inputs of {@code auth/token/create} or of a login, before TTL rules apply.
 *
 * @param id          a caller-chosen token id, or null for a random one
 * @param parent      the parent token's id, "" for an orphan
 * @param path        the creating path, e.g. "auth/token/create" or "auth/approle/login"
 * @param ttl         requested TTL; zero means the mount default (root tokens: no expiry)
 * @param maxTtl      the issuing mount's or role's max TTL; zero means the system max
 */
public record TokenSpec(
        String id,
        List<String> policies,
        String parent,
        Namespace namespace,
        String path,
        Map<String, String> meta,
        String displayName,
        int numUses,
        Duration ttl,
        Duration maxTtl,
        Duration explicitMaxTtl,
        Duration period,
        boolean renewable,
        List<String> boundCidrs) {
}
