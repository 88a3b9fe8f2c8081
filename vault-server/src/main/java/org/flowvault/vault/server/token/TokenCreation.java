package org.flowvault.vault.server.token;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.flowvault.vault.server.core.MountContext;
import org.flowvault.vault.server.core.Request;
import org.flowvault.vault.server.core.Response;
import org.flowvault.vault.server.core.VaultError;
import org.flowvault.vault.server.namespace.Namespace;
import org.flowvault.vault.server.core.TokenEntry;
import org.flowvault.vault.server.core.TokenSpec;

/**
 * {@code auth/token/create}, {@code create-orphan} and {@code create/ROLE}: Vault's
 * {@code handleCreateCommon} without entity aliases or batch tokens. Policy rules: no policies
 * means the parent's; a caller without root may only ask for a subset of its own; "default" is
 * added when the parent has it (or, for root callers, unless {@code no_default_policy}). A role
 * with allowed or disallowed policies replaces the subset rule with its own lists, decides orphan
 * status, and caps period and explicit max TTL. TTL rules are Vault's {@code CalculateTTL}, with
 * its cap warnings.
 */
final class TokenCreation {
    private static final List<String> NON_ASSIGNABLE = List.of("response-wrapping", "control-group");

    private final MountContext ctx;

    TokenCreation(MountContext ctx) {
        this.ctx = ctx;
    }

    Response create(Request r, boolean orphanPath) {
        return create(r, orphanPath, null);
    }

    /** {@code auth/token/create/ROLE}: the role's rules replace the caller's where Vault's do. */
    Response create(Request r, boolean orphanPath, TokenRole role) {
        TokenEntry parent = r.token();
        if (parent == null) {
            throw VaultError.badRequest("parent token lookup failed: no parent found");
        }
        if (parent.numUses() > 0) {
            throw VaultError.badRequest("restricted use token cannot generate child tokens");
        }
        // Vault asks the ACL whether the caller has sudo on this path; handlers here cannot see
        // the ACL, so only root tokens count as privileged (see the report on core changes).
        boolean sudo = parent.isRoot();
        Namespace ns = r.namespace();
        boolean crossNamespace = !ns.id().equals(parent.namespaceId());
        List<String> requested = r.stringList("policies");
        if (crossNamespace) {
            if (!sudo) {
                throw VaultError.badRequest("root or sudo privileges required to directly generate a token in a child namespace");
            }
            if (requested.contains("root")) {
                throw VaultError.badRequest("root tokens may not be created from a parent namespace");
            }
        }
        boolean renewable = r.bool("renewable", true);
        if (role != null && !role.renewable()) {
            renewable = false;
        }
        String type = role == null ? r.string("type") : roleTokenType(role, r.string("type"));
        if (type.equals("batch")) {
            throw VaultError.badRequest("batch tokens are not supported by this server; create a \"service\" token");
        }
        if (!type.isEmpty() && !type.equals("service")) {
            throw VaultError.badRequest("invalid 'token_type' value");
        }
        long numUses = r.integer("num_uses", 0);
        if (numUses < 0) {
            throw VaultError.badRequest("number of uses cannot be negative");
        }
        if (role != null && role.numUses() > 0 && (numUses == 0 || role.numUses() < numUses)) {
            numUses = role.numUses();
        }
        if (!r.string("entity_alias").isEmpty()) {
            throw VaultError.badRequest(role == null ? "'entity_alias' is only allowed in combination with token role"
                    : "'entity_alias' is not supported by this server, which has no identity store; omit it");
        }
        String displayName = "token";
        if (!r.string("display_name").isEmpty()) {
            displayName = ("token-" + r.string("display_name")).replaceAll("[^a-zA-Z0-9-]", "-");
            if (displayName.endsWith("-")) {
                displayName = displayName.substring(0, displayName.length() - 1);
            }
        }
        String id = r.string("id");
        if (!id.isEmpty()) {
            if (!sudo) {
                throw VaultError.badRequest("root or sudo privileges required to specify token id");
            }
            if (!ns.isRoot()) {
                throw VaultError.badRequest("token IDs can only be manually specified in the root namespace");
            }
        }

        List<String> policies = role != null && role.restrictsPolicies()
                ? rolePolicies(r, parent, requested, role)
                : policies(r, parent, requested, sudo, crossNamespace);

        String parentId;
        if (role != null) {
            parentId = role.orphan() ? "" : parent.id(); // a role decides; no_parent is not consulted
        } else {
            boolean noParent = r.bool("no_parent", false);
            if (noParent && !sudo) {
                throw VaultError.badRequest("root or sudo privileges required to create orphan token");
            }
            parentId = orphanPath || noParent ? "" : parent.id();
        }
        List<String> boundCidrs = parentId.isEmpty() ? List.of() : parent.boundCidrs();
        if (role != null && !role.boundCidrs().isEmpty()) {
            boundCidrs = role.boundCidrs();
        }

        Duration explicitMax = r.duration("explicit_max_ttl", Duration.ZERO);
        Duration period = r.duration("period", Duration.ZERO);
        if (!period.isZero() && !sudo) {
            throw VaultError.badRequest("root or sudo privileges required to create periodic token");
        }
        Duration ttl = r.has("ttl") ? r.duration("ttl", Duration.ZERO) : r.duration("lease", Duration.ZERO);

        Response response = Response.empty();
        if (role != null) {
            // The lesser of the request's and the role's value, as Vault does, saying so when both are set.
            if (role.explicitMaxTtl() > 0) {
                if (explicitMax.isZero()) {
                    explicitMax = Duration.ofSeconds(role.explicitMaxTtl());
                } else {
                    explicitMax = Duration.ofSeconds(Math.min(explicitMax.toSeconds(), role.explicitMaxTtl()));
                    response.warning("Explicit max TTL specified both during creation call and in role; using the lesser value of "
                            + explicitMax.toSeconds() + " seconds");
                }
            }
            if (role.period() > 0) {
                if (period.isZero()) {
                    period = Duration.ofSeconds(role.period());
                } else {
                    period = Duration.ofSeconds(Math.min(period.toSeconds(), role.period()));
                    response.warning("Period specified both during creation call and in role; using the lesser value of "
                            + period.toSeconds() + " seconds");
                }
            }
        }
        long ttlSeconds = ttl.toSeconds();
        long periodSeconds = period.toSeconds();
        long explicit = explicitMax.toSeconds();
        boolean root = policies.contains("root");
        if (periodSeconds > 0 || ttlSeconds > 0 || !root) {
            long max = ctx.maxTtl().toSeconds();
            if (explicit > 0 && explicit < max) {
                max = explicit;
            }
            if (periodSeconds > 0) {
                if (periodSeconds > max) {
                    response.warning("period of \"" + TokenStore.humanDuration(periodSeconds) + "\" exceeded the effective max_ttl of \""
                            + TokenStore.humanDuration(max) + "\"; period value is capped accordingly");
                    periodSeconds = max;
                }
                ttlSeconds = periodSeconds;
            } else {
                if (ttlSeconds == 0) {
                    ttlSeconds = ctx.defaultTtl().toSeconds();
                }
                if (ttlSeconds > max) {
                    response.warning("TTL of \"" + TokenStore.humanDuration(ttlSeconds) + "\" exceeded the effective max_ttl of \""
                            + TokenStore.humanDuration(max) + "\"; TTL value is capped accordingly");
                    ttlSeconds = max;
                }
            }
        }
        if (ttlSeconds == 0 && explicit > 0) {
            ttlSeconds = explicit; // root tokens are still bound by an explicit max TTL
        }
        if (ttlSeconds == 0) {
            if (parent.expireTime() != 0) {
                throw VaultError.badRequest("expiring root tokens cannot create non-expiring root tokens");
            }
            renewable = false;
            boundCidrs = List.of();
        }
        if (!id.isEmpty()) {
            response.warning("Supplying a custom ID for the token uses the weaker SHA1 hashing instead of the more secure"
                    + " SHA2-256 HMAC for token obfuscation. SHA1 hashed tokens on the wire leads to less secure lookups.");
        }
        Map<String, String> meta = r.has("meta") ? r.stringMap("meta") : r.stringMap("metadata");
        String path = role == null ? "auth/token/" + r.path()
                : "auth/token/create/" + role.name() + (role.pathSuffix().isEmpty() ? "" : "/" + role.pathSuffix());
        TokenEntry created = ctx.tokens().create(new TokenSpec(id.isEmpty() ? null : id, policies, parentId, ns,
                path, meta, displayName, (int) numUses, Duration.ofSeconds(ttlSeconds), ctx.maxTtl(),
                explicitMax, Duration.ofSeconds(periodSeconds), renewable, boundCidrs));
        Response issued = Response.issued(created);
        response.warnings().forEach(issued::warning);
        return issued;
    }

    /** The token type a role yields: its own, or for "default-*" the request's with the role's fallback. */
    private static String roleTokenType(TokenRole role, String requested) {
        return switch (role.tokenType()) {
            case "service", "batch" -> role.tokenType();
            case "default-batch" -> requested.isEmpty() ? "batch" : requested;
            default -> requested.isEmpty() ? "service" : requested;
        };
    }

    /**
     * Vault's policy rules for a role with allowed or disallowed policies: the request may name any
     * subset of the allowed ones (regardless of the caller's own), none means all allowed ones (or
     * the parent's when the role only disallows), and no resulting policy may be disallowed.
     * "default" is added unless asked not to or disallowed.
     */
    private static List<String> rolePolicies(Request r, TokenEntry parent, List<String> requested, TokenRole role) {
        boolean noDefault = r.bool("no_default_policy", false) || role.noDefaultPolicy();
        boolean addDefault = !noDefault && !role.disallowedPolicies().contains("default")
                && !TokenRole.anyGlobMatches(role.disallowedPoliciesGlob(), "default");
        List<String> result = requested.isEmpty() ? List.of() : sanitize(requested, addDefault);
        if (!role.allowedPolicies().isEmpty() || !role.allowedPoliciesGlob().isEmpty()) {
            List<String> allowed = sanitize(role.allowedPolicies(), addDefault);
            if (result.isEmpty()) {
                result = allowed;
            } else {
                for (String p : result) {
                    if (!allowed.contains(p) && !TokenRole.anyGlobMatches(role.allowedPoliciesGlob(), p)) {
                        // The role's lists are configuration; the requested names are not echoed.
                        throw VaultError.badRequest("token policies must be subset of the role's allowed policies ("
                                + quoted(allowed) + ") or glob policies (" + quoted(role.allowedPoliciesGlob()) + ")");
                    }
                }
            }
        } else if (result.isEmpty()) {
            result = sanitize(parent.policies(), addDefault);
        }
        for (String p : result) {
            if (role.disallowedPolicies().contains(p) || TokenRole.anyGlobMatches(role.disallowedPoliciesGlob(), p)) {
                throw VaultError.badRequest("token policy is disallowed by this role: it disallows " + quoted(role.disallowedPolicies())
                        + (role.disallowedPoliciesGlob().isEmpty() ? "" : " and globs " + quoted(role.disallowedPoliciesGlob())));
            }
        }
        List<String> policies = new ArrayList<>(result);
        if (noDefault) {
            policies.remove("default");
        }
        for (String p : policies) {
            if (NON_ASSIGNABLE.contains(p)) {
                throw VaultError.badRequest("cannot assign policy \"" + p + "\"");
            }
        }
        if (policies.contains("root") && !parent.isRoot()) {
            throw VaultError.badRequest("root tokens may not be created without parent token being root");
        }
        return policies;
    }

    /** A policy list as Vault prints it with %q: ["a" "b"]. */
    private static String quoted(List<String> names) {
        StringBuilder b = new StringBuilder("[");
        for (String n : names) {
            if (b.length() > 1) {
                b.append(' ');
            }
            b.append('"').append(n).append('"');
        }
        return b.append(']').toString();
    }

    private static List<String> policies(Request r, TokenEntry parent, List<String> requested, boolean sudo,
                                         boolean crossNamespace) {
        boolean noDefault = r.bool("no_default_policy", false);
        boolean addDefault = false;
        List<String> base = requested;
        if (crossNamespace) {
            addDefault = !noDefault;
        } else if (requested.isEmpty()) {
            base = sanitize(parent.policies(), false);
        } else if (!sudo) {
            if (!sanitize(parent.policies(), false).containsAll(sanitize(requested, false))) {
                throw VaultError.badRequest("child policies must be subset of parent");
            }
            addDefault = !noDefault && parent.policies().contains("default");
        } else {
            addDefault = !noDefault;
        }
        List<String> policies = new ArrayList<>(sanitize(base, addDefault));
        if (noDefault) {
            policies.remove("default");
        }
        for (String p : policies) {
            if (NON_ASSIGNABLE.contains(p)) {
                throw VaultError.badRequest("cannot assign policy \"" + p + "\"");
            }
        }
        if (policies.contains("root") && !parent.isRoot()) {
            throw VaultError.badRequest("root tokens may not be created without parent token being root");
        }
        return policies;
    }

    /** Vault's {@code policyutil.SanitizePolicies}: trimmed, lower-cased, unique, sorted; "root" stands alone. */
    static List<String> sanitize(List<String> names, boolean addDefault) {
        TreeSet<String> out = new TreeSet<>();
        for (String n : names) {
            String p = n.trim().toLowerCase(Locale.ROOT);
            if (p.equals("root")) {
                return List.of("root");
            }
            if (!p.isEmpty()) {
                out.add(p);
            }
        }
        if (addDefault) {
            out.add("default");
        }
        return List.copyOf(out);
    }
}
