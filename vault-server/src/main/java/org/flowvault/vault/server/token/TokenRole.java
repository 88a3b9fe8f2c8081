package org.flowvault.vault.server.token;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.flowvault.vault.server.auth.Cidrs;
import org.flowvault.vault.server.core.Request;
import org.flowvault.vault.server.core.VaultError;

/**
 * A token role ({@code auth/token/roles/NAME}): the rules {@code auth/token/create/NAME} applies
 * instead of the caller's own (allowed and disallowed policies, orphan, period, explicit max TTL,
 * renewable, token type). Durations are whole seconds, zero meaning "not set". Entity aliases are
 * stored and shown but have no effect, since this server has no identity store.
 */
record TokenRole(
        @JsonProperty("name") String name,
        @JsonProperty("allowed_policies") List<String> allowedPolicies,
        @JsonProperty("disallowed_policies") List<String> disallowedPolicies,
        @JsonProperty("allowed_policies_glob") List<String> allowedPoliciesGlob,
        @JsonProperty("disallowed_policies_glob") List<String> disallowedPoliciesGlob,
        @JsonProperty("orphan") boolean orphan,
        @JsonProperty("renewable") boolean renewable,
        @JsonProperty("period") long period,
        @JsonProperty("explicit_max_ttl") long explicitMaxTtl,
        @JsonProperty("path_suffix") String pathSuffix,
        @JsonProperty("token_type") String tokenType,
        @JsonProperty("allowed_entity_aliases") List<String> allowedEntityAliases,
        @JsonProperty("token_bound_cidrs") List<String> boundCidrs,
        @JsonProperty("token_no_default_policy") boolean noDefaultPolicy,
        @JsonProperty("token_num_uses") int numUses) {

    /** Vault's check for path suffixes: word characters, dots and dashes. */
    private static final Pattern PATH_SUFFIX = Pattern.compile("\\w([\\w.-]*\\w)?");

    TokenRole {
        allowedPolicies = copy(allowedPolicies);
        disallowedPolicies = copy(disallowedPolicies);
        allowedPoliciesGlob = copy(allowedPoliciesGlob);
        disallowedPoliciesGlob = copy(disallowedPoliciesGlob);
        allowedEntityAliases = copy(allowedEntityAliases);
        boundCidrs = copy(boundCidrs);
        pathSuffix = pathSuffix == null ? "" : pathSuffix;
        tokenType = tokenType == null || tokenType.isEmpty() ? "default-service" : tokenType;
    }

    private static List<String> copy(List<String> l) {
        return l == null ? List.of() : List.copyOf(l);
    }

    /** Vault's defaults for a role created without fields: renewable, default-service tokens. */
    static TokenRole named(String name) {
        return new TokenRole(name, List.of(), List.of(), List.of(), List.of(), false, true, 0, 0, "", "default-service",
                List.of(), List.of(), false, 0);
    }

    /**
     * This role updated with the fields present in the request (absent fields keep their value).
     * {@code token_period}, {@code token_explicit_max_ttl} and {@code token_bound_cidrs} win over
     * their deprecated names {@code period}, {@code explicit_max_ttl} and {@code bound_cidrs}.
     */
    TokenRole update(Request r) {
        List<String> allowed = r.has("allowed_policies") ? TokenCreation.sanitize(r.stringList("allowed_policies"), false) : allowedPolicies;
        List<String> disallowed = r.has("disallowed_policies") ? lowerUnique(r.stringList("disallowed_policies")) : disallowedPolicies;
        List<String> allowedGlob = r.has("allowed_policies_glob") ? lowerUnique(r.stringList("allowed_policies_glob")) : allowedPoliciesGlob;
        List<String> disallowedGlob = r.has("disallowed_policies_glob") ? lowerUnique(r.stringList("disallowed_policies_glob")) : disallowedPoliciesGlob;
        boolean newOrphan = r.bool("orphan", orphan);
        boolean newRenewable = r.bool("renewable", renewable);
        long newPeriod = seconds(r, "token_period", "period", period);
        long newExplicit = seconds(r, "token_explicit_max_ttl", "explicit_max_ttl", explicitMaxTtl);
        String suffix = r.has("path_suffix") ? r.string("path_suffix") : pathSuffix;
        if (!suffix.isEmpty() && !PATH_SUFFIX.matcher(suffix).matches()) {
            throw VaultError.badRequest("given role path suffix contains invalid characters; use letters, digits, '_', '-' and '.', starting and ending with a letter or digit");
        }
        if (suffix.contains("..")) {
            throw VaultError.badRequest("error registering path suffix: path cannot contain parent references");
        }
        String type = tokenType;
        if (r.has("token_type")) {
            type = r.string("token_type");
            if (!List.of("service", "batch", "default-service", "default-batch").contains(type)) {
                throw VaultError.badRequest("invalid 'token_type' value: use service, batch, default-service or default-batch");
            }
        }
        if (type.equals("batch")) {
            if (!newOrphan) {
                throw VaultError.badRequest("'token_type' cannot be 'batch' when role is set to generate non-orphan tokens");
            }
            if (newPeriod != 0) {
                throw VaultError.badRequest("'token_type' cannot be 'batch' when role is set to generate periodic tokens");
            }
            if (newRenewable) {
                throw VaultError.badRequest("'token_type' cannot be 'batch' when role is set to generate renewable tokens");
            }
            if (newExplicit != 0) {
                throw VaultError.badRequest("'token_type' cannot be 'batch' when role is set to generate tokens with an explicit max TTL");
            }
        }
        List<String> aliases = r.has("allowed_entity_aliases") ? r.stringList("allowed_entity_aliases") : allowedEntityAliases;
        String cidrField = r.has("token_bound_cidrs") ? "token_bound_cidrs" : r.has("bound_cidrs") ? "bound_cidrs" : null;
        List<String> cidrs = cidrField == null ? boundCidrs : Cidrs.parse(r.stringList(cidrField), cidrField);
        boolean newNoDefault = r.bool("token_no_default_policy", noDefaultPolicy);
        long uses = r.has("token_num_uses") ? r.integer("token_num_uses", 0) : numUses;
        if (uses < 0) {
            throw VaultError.badRequest("'token_num_uses' cannot be negative");
        }
        return new TokenRole(name, allowed, disallowed, allowedGlob, disallowedGlob, newOrphan, newRenewable, newPeriod,
                newExplicit, suffix, type, aliases, cidrs, newNoDefault, (int) uses);
    }

    private static long seconds(Request r, String field, String legacy, long current) {
        if (r.has(field)) {
            return r.duration(field, java.time.Duration.ZERO).toSeconds();
        }
        if (r.has(legacy)) {
            return r.duration(legacy, java.time.Duration.ZERO).toSeconds();
        }
        return current;
    }

    private static List<String> lowerUnique(List<String> names) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String n : names) {
            String p = n.trim().toLowerCase(Locale.ROOT);
            if (!p.isEmpty()) {
                out.add(p);
            }
        }
        return new ArrayList<>(out);
    }

    /** The read response, with Vault's field names and integer seconds. */
    Map<String, Object> view() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("allowed_entity_aliases", allowedEntityAliases);
        out.put("allowed_policies", allowedPolicies);
        out.put("allowed_policies_glob", allowedPoliciesGlob);
        out.put("disallowed_policies", disallowedPolicies);
        out.put("disallowed_policies_glob", disallowedPoliciesGlob);
        out.put("explicit_max_ttl", explicitMaxTtl);
        out.put("name", name);
        out.put("orphan", orphan);
        out.put("path_suffix", pathSuffix);
        out.put("period", period);
        out.put("renewable", renewable);
        out.put("token_explicit_max_ttl", explicitMaxTtl);
        out.put("token_no_default_policy", noDefaultPolicy);
        out.put("token_period", period);
        out.put("token_type", tokenType);
        if (!boundCidrs.isEmpty()) {
            out.put("token_bound_cidrs", boundCidrs);
        }
        if (numUses > 0) {
            out.put("token_num_uses", numUses);
        }
        return out;
    }

    /** Whether the role's allowed or disallowed lists replace the caller-subset rule. */
    boolean restrictsPolicies() {
        return !allowedPolicies.isEmpty() || !disallowedPolicies.isEmpty() || !allowedPoliciesGlob.isEmpty()
                || !disallowedPoliciesGlob.isEmpty();
    }

    /** Vault's glob: '*' matches any run of characters, anywhere in the pattern. */
    static boolean globMatches(String pattern, String value) {
        String[] parts = pattern.split("\\*", -1);
        if (parts.length == 1) {
            return pattern.equals(value);
        }
        if (!value.startsWith(parts[0])) {
            return false;
        }
        int at = parts[0].length();
        for (int i = 1; i < parts.length - 1; i++) {
            int found = value.indexOf(parts[i], at);
            if (found < 0) {
                return false;
            }
            at = found + parts[i].length();
        }
        String last = parts[parts.length - 1];
        return value.length() - at >= last.length() && value.endsWith(last);
    }

    static boolean anyGlobMatches(List<String> patterns, String value) {
        for (String p : patterns) {
            if (globMatches(p, value)) {
                return true;
            }
        }
        return false;
    }
}
