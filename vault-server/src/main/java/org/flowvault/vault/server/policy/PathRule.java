package org.flowvault.vault.server.policy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code path "..." { ... }} block of a parsed policy, already normalised the way Vault does:
 * a leading '/' is removed from the path, a legacy {@code policy = "write"} is expanded into
 * capabilities, and a rule with {@code deny} keeps only {@code deny}.
 *
 * @param path the path pattern as written (minus a leading '/'), still ending in '*' for globs
 *     and containing '+' for single-segment wildcards
 * @param capabilities the granted capability names in Vault's order (create, read, update,
 *     delete, list, sudo, patch, subscribe, recover), or exactly {@code ["deny"]}
 * @param allowedParameters {@code allowed_parameters}, keys lowercased; a value list may hold
 *     {@code null}, strings (which may start or end with '*') and numbers or booleans
 * @param deniedParameters {@code denied_parameters}, keys lowercased
 * @param requiredParameters {@code required_parameters}
 * @param minWrappingTtl {@code min_wrapping_ttl}, {@link Duration#ZERO} when absent
 * @param maxWrappingTtl {@code max_wrapping_ttl}, {@link Duration#ZERO} when absent
 * @see <a href="https://developer.hashicorp.com/vault/docs/concepts/policies">Vault policies</a>
 */
public record PathRule(
        String path,
        List<String> capabilities,
        Map<String, List<Object>> allowedParameters,
        Map<String, List<Object>> deniedParameters,
        List<String> requiredParameters,
        Duration minWrappingTtl,
        Duration maxWrappingTtl) {

    /**
     * Copies every collection, so a rule never changes after construction, and normalises the
     * capabilities: Vault's order, no duplicates, and {@code deny} alone when present.
     *
     * @throws IllegalArgumentException for a capability Vault does not know
     */
    public PathRule {
        Objects.requireNonNull(path, "path");
        int bits = 0;
        for (String c : capabilities) {
            Capability cap = Capability.of(c);
            if (cap == null) {
                throw new IllegalArgumentException("invalid capability \"" + c + "\" in path \"" + path + "\"");
            }
            bits |= cap.bit();
        }
        capabilities = (bits & Capability.DENY.bit()) != 0 ? List.of("deny") : List.copyOf(Capability.labels(bits));
        allowedParameters = copy(allowedParameters);
        deniedParameters = copy(deniedParameters);
        requiredParameters = List.copyOf(requiredParameters);
        minWrappingTtl = minWrappingTtl == null ? Duration.ZERO : minWrappingTtl;
        maxWrappingTtl = maxWrappingTtl == null ? Duration.ZERO : maxWrappingTtl;
    }

    /** A rule with capabilities only, as most policies are written. */
    public static PathRule of(String path, List<String> capabilities) {
        return new PathRule(path, capabilities, Map.of(), Map.of(), List.of(), Duration.ZERO, Duration.ZERO);
    }

    /** Whether this rule denies: it then grants nothing, whatever else matches the same path. */
    public boolean denies() {
        return capabilities.contains("deny");
    }

    private static Map<String, List<Object>> copy(Map<String, List<Object>> in) {
        Map<String, List<Object>> out = new LinkedHashMap<>();
        // List.copyOf rejects null, but a JSON policy may allow the value null explicitly
        in.forEach((k, v) -> out.put(k, Collections.unmodifiableList(new ArrayList<>(v))));
        return Collections.unmodifiableMap(out);
    }
}
