package org.flowvault.vault.server.policy;

import java.util.List;
import java.util.Objects;

/**
 * A named ACL policy: the text as the operator wrote it, and its parsed path rules in the order
 * written. Produce one with {@link PolicyParser#parse(String, String)}; the store keeps them.
 *
 * @param name the policy name (lowercase when it comes from {@link PolicyStore})
 * @param raw the policy text exactly as submitted, returned by {@code sys/policy/<name>}
 * @param rules the {@code path} blocks; two blocks for the same path stay two rules and are
 *     merged when an {@link Acl} is built
 * @see <a href="https://developer.hashicorp.com/vault/docs/concepts/policies">Vault policies</a>
 */
public record Policy(String name, String raw, List<PathRule> rules) {

    /** Copies the rules. */
    public Policy {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(raw, "raw");
        rules = List.copyOf(rules);
    }
}
