package org.flowvault.vault.server.policy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.flowvault.vault.server.policy.Operation;

/**
 * The access rules of one token: the union of its policies, answering "may this token do this
 * operation on this path?" exactly as Vault's ACL does. Immutable and thread-safe.
 *
 * <p>Matching, for a request path such as {@code secret/data/app/db}:
 * <ol>
 *   <li>An exact rule ({@code path "secret/data/app/db"}) wins outright.
 *   <li>Otherwise the longest glob rule ({@code "secret/data/*"}, a prefix) competes with every
 *       matching segment-wildcard rule ({@code "secret/+/app/*"}, where '+' is one whole
 *       segment). The winner is, in order: the one whose first '+' or '*' comes later; then a
 *       rule not ending in '*' over one that does; then the one with fewer '+' segments; then the
 *       longer pattern; then the lexicographically larger pattern.
 * </ol>
 * Only the winning rule counts, and rules written for the same pattern in several policies are
 * merged first: their capabilities unite, except that {@code deny} on a pattern denies it
 * whatever else grants it. A LIST also tries the path without its trailing slash, so
 * {@code path "secret/metadata"} grants listing {@code secret/metadata/}.
 *
 * <p>Paths are namespace-relative request paths ({@code sys/mounts}, {@code auth/token/lookup-self})
 * without a leading slash; leading slashes are ignored.
 *
 * @see <a href="https://developer.hashicorp.com/vault/docs/concepts/policies#priority-matching">
 *     Vault policies: priority matching</a>
 */
public final class Acl {
    private static final Acl ROOT = new Acl(true, Map.of(), Map.of(), List.of());

    private final boolean root;
    private final Map<String, Permissions> exact;
    private final Map<String, Permissions> prefix;
    private final List<SegmentRule> segmentRules;

    /** A '+' rule, precomputed: Vault's wcPathDescr without the per-request parts. */
    private record SegmentRule(String pattern, String[] parts, boolean isPrefix, int firstWildcard,
            int wildcards, Permissions perms) {
    }

    /** A matching non-exact rule competing for priority. */
    private record Candidate(int firstWildcard, boolean isPrefix, int wildcards, String wcPath,
            Permissions perms) {
    }

    /** Vault's ordering, least preferred first; see the class comment. */
    private static final Comparator<Candidate> PRIORITY = Comparator
            .comparingInt(Candidate::firstWildcard)
            .thenComparing(Candidate::isPrefix, Comparator.reverseOrder())
            .thenComparing(Candidate::wildcards, Comparator.reverseOrder())
            .thenComparingInt(c -> c.wcPath().getBytes(StandardCharsets.UTF_8).length)
            .thenComparing(Candidate::wcPath);

    private Acl(boolean root, Map<String, Permissions> exact, Map<String, Permissions> prefix,
            List<SegmentRule> segmentRules) {
        this.root = root;
        this.exact = exact;
        this.prefix = prefix;
        this.segmentRules = segmentRules;
    }

    /** The ACL of the root policy: everything is allowed, including sudo paths. */
    public static Acl root() {
        return ROOT;
    }

    /**
     * Builds the ACL for a token holding {@code policies}, merging rules for the same pattern.
     * A policy named {@code root} makes the whole ACL {@link #root()}. An empty list allows nothing.
     */
    public static Acl of(List<Policy> policies) {
        Objects.requireNonNull(policies, "policies");
        Map<String, Permissions> exact = new HashMap<>();
        Map<String, Permissions> prefix = new HashMap<>();
        Map<String, Permissions> segment = new LinkedHashMap<>();
        for (Policy policy : policies) {
            if (policy.name().equals("root")) {
                return ROOT;
            }
            for (PathRule rule : policy.rules()) {
                String path = rule.path();
                Map<String, Permissions> table;
                if (hasSegmentWildcard(path)) {
                    table = segment;
                } else if (path.endsWith("*")) {
                    table = prefix;
                    path = path.substring(0, path.length() - 1);
                } else {
                    table = exact;
                }
                Permissions existing = table.get(path);
                if (existing == null) {
                    table.put(path, Permissions.of(rule));
                } else {
                    existing.merge(rule);
                }
            }
        }
        List<SegmentRule> segments = new ArrayList<>();
        segment.forEach((pattern, perms) -> {
            if (pattern.isEmpty()) {
                return;
            }
            boolean isPrefix = pattern.endsWith("*");
            String wcPath = isPrefix ? pattern.substring(0, pattern.length() - 1) : pattern;
            String[] parts = wcPath.split("/", -1);
            int wildcards = (int) List.of(parts).stream().filter("+"::equals).count();
            segments.add(new SegmentRule(pattern, parts, isPrefix, pattern.indexOf('+'), wildcards, perms));
        });
        return new Acl(false, Map.copyOf(exact), Map.copyOf(prefix), List.copyOf(segments));
    }

    /** Vault's test for a '+' segment: the whole path, a first segment, or any later segment. */
    private static boolean hasSegmentWildcard(String path) {
        return path.equals("+") || path.startsWith("+/") || path.contains("/+");
    }

    /** Whether this is the root ACL. */
    public boolean isRoot() {
        return root;
    }

    /**
     * Whether {@code op} on {@code path} is allowed for a request without parameters that is not
     * response-wrapped. Equivalent to {@code allowed(path, op, Map.of(), null)}.
     */
    public boolean allowed(String path, Operation op) {
        return allowed(path, op, Map.of(), null);
    }

    /**
     * Vault's full check: the matching rule must grant {@code op}'s capability; its
     * {@code min/max_wrapping_ttl} must admit {@code wrapTtl} ({@code null} when the request is
     * not wrapped, which fails any rule with a wrapping bound); and for READ, CREATE, UPDATE and
     * PATCH, {@code data} must carry every required parameter, no denied value and only allowed
     * values (keys compared case-insensitively; string values also checked comma-split).
     */
    public boolean allowed(String path, Operation op, Map<String, ?> data, Duration wrapTtl) {
        Objects.requireNonNull(op, "op");
        if (root) {
            return true;
        }
        Permissions perms = find(path, op == Operation.LIST);
        return perms != null && perms.permits(op, data == null ? Map.of() : data, wrapTtl);
    }

    /** Whether the rule matching {@code path} grants {@code sudo} (always true for root). */
    public boolean sudo(String path) {
        if (root) {
            return true;
        }
        Permissions perms = find(path, false);
        return perms != null && perms.has(Capability.SUDO);
    }

    /**
     * The capabilities on {@code path} as {@code sys/capabilities-self} reports them: names sorted
     * alphabetically; {@code ["root"]} for the root ACL; {@code ["deny"]} when the matching rule
     * denies or no rule matches. Looked up like a LIST, as Vault does.
     */
    public List<String> capabilities(String path) {
        if (root) {
            return List.of("root");
        }
        Permissions perms = find(path, true);
        if (perms == null || !perms.grantsAnything()) {
            return List.of("deny");
        }
        List<String> names = new ArrayList<>(Capability.labels(perms.bits));
        Collections.sort(names);
        return List.copyOf(names);
    }

    /**
     * Whether any rule grants something at or below {@code prefix} (a mount path such as
     * {@code secret/}; a trailing slash is added when missing). Used to decide which mounts a
     * token may see listed, as Vault's {@code sys/internal/ui/mounts} does; a rule that only
     * denies does not count.
     */
    public boolean anyAllowedUnder(String prefix) {
        if (root) {
            return true;
        }
        String p = strip(prefix);
        if (!p.endsWith("/")) {
            p = p + "/";
        }
        if (!capabilities(p).equals(List.of("deny"))) {
            return true;
        }
        for (Map<String, Permissions> table : List.of(exact, this.prefix)) {
            for (Map.Entry<String, Permissions> e : table.entrySet()) {
                if (e.getKey().startsWith(p) && e.getValue().grantsAnything()) {
                    return true;
                }
            }
        }
        String[] pathParts = p.split("/", -1);
        for (SegmentRule rule : segmentRules) {
            if (rule.perms().grantsAnything() && coversSomethingUnder(rule, pathParts, p)) {
                return true;
            }
        }
        return false;
    }

    /** Vault's "bare mount" walk: the rule's first segments can match the mount path's segments. */
    private static boolean coversSomethingUnder(SegmentRule rule, String[] pathParts, String path) {
        List<String> segments = new ArrayList<>();
        for (int i = 0; i < rule.parts().length && i < pathParts.length; i++) {
            String aclPart = rule.parts()[i];
            if (aclPart.equals("+") || aclPart.equals(pathParts[i])) {
                segments.add(pathParts[i]);
            } else if (rule.isPrefix() && i == rule.parts().length - 1 && pathParts[i].startsWith(aclPart)) {
                segments.addAll(List.of(pathParts).subList(i, pathParts.length));
            }
            if (i == pathParts.length - 2) {
                return (String.join("/", segments) + "/").startsWith(path);
            }
        }
        return false;
    }

    private static String strip(String path) {
        Objects.requireNonNull(path, "path");
        int i = 0;
        while (i < path.length() && path.charAt(i) == '/') {
            i++;
        }
        return path.substring(i);
    }

    /** Vault's AllowOperation lookup: exact, then (for LIST) exact without the slash, then globs. */
    private Permissions find(String rawPath, boolean list) {
        String path = strip(rawPath);
        Permissions perms = exact.get(path);
        if (perms != null) {
            return perms;
        }
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (list) {
            perms = exact.get(trimmed);
            if (perms != null) {
                return perms;
            }
            // a glob like "secret/metadata*" must also match the LIST of "secret/metadata/"
            if (!trimmed.equals(path)) {
                perms = nonExact(trimmed);
                if (perms != null) {
                    return perms;
                }
            }
        }
        return nonExact(path);
    }

    private Permissions nonExact(String path) {
        Candidate best = null;
        for (int len = path.length(); len >= 0; len--) {
            Permissions p = prefix.get(path.substring(0, len));
            if (p != null) {
                if (segmentRules.isEmpty()) {
                    return p;
                }
                best = new Candidate(len, true, 0, path.substring(0, len), p);
                break;
            }
        }
        if (segmentRules.isEmpty()) {
            return null;
        }
        String[] pathParts = path.split("/", -1);
        for (SegmentRule rule : segmentRules) {
            String[] parts = rule.parts();
            if (pathParts.length < parts.length || (!rule.isPrefix() && parts.length != pathParts.length)) {
                continue;
            }
            if (!matches(rule, pathParts)) {
                continue;
            }
            String wcPath = rule.isPrefix() ? rule.pattern().substring(0, rule.pattern().length() - 1) : rule.pattern();
            Candidate c = new Candidate(rule.firstWildcard(), rule.isPrefix(), rule.wildcards(), wcPath, rule.perms());
            if (best == null || PRIORITY.compare(c, best) > 0) {
                best = c;
            }
        }
        return best == null ? null : best.perms();
    }

    private static boolean matches(SegmentRule rule, String[] pathParts) {
        String[] parts = rule.parts();
        for (int i = 0; i < parts.length; i++) {
            String aclPart = parts[i];
            boolean ok = aclPart.equals("+")
                    || aclPart.equals(pathParts[i])
                    || (rule.isPrefix() && i == parts.length - 1 && pathParts[i].startsWith(aclPart));
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return root ? "Acl[root]"
                : "Acl[exact=" + exact.size() + ", glob=" + prefix.size() + ", segment=" + segmentRules.size() + "]";
    }
}
