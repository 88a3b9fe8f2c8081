package org.flowvault.vault.server.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * Vault's ACL capabilities as bits, in Vault's bit order. {@code deny} is exclusive: a rule that
 * denies carries no other bit. "root" is not a capability a policy can grant; it only appears in
 * {@link Acl#capabilities(String)} answers for a root token.
 */
enum Capability {
    DENY("deny"),
    CREATE("create"),
    READ("read"),
    UPDATE("update"),
    DELETE("delete"),
    LIST("list"),
    SUDO("sudo"),
    PATCH("patch"),
    SUBSCRIBE("subscribe"),
    RECOVER("recover");

    private final String label;

    Capability(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    int bit() {
        return 1 << ordinal();
    }

    /** The capability with this name, or {@code null} when Vault does not know it. */
    static Capability of(String name) {
        for (Capability c : values()) {
            if (c.label.equals(name)) {
                return c;
            }
        }
        return null;
    }

    /** The capability names set in {@code bits}, in bit order. */
    static List<String> labels(int bits) {
        List<String> out = new ArrayList<>();
        for (Capability c : values()) {
            if ((bits & c.bit()) != 0) {
                out.add(c.label);
            }
        }
        return out;
    }
}
