package org.flowvault.vault.server.auth.jwt;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowvault.vault.server.auth.TokenParams;
import org.flowvault.vault.server.core.Request;
import org.flowvault.vault.server.core.VaultError;

/**
 * A role under {@code role/<name>}, Vault's jwt {@code jwtRole}: which tokens it admits (bound
 * audiences, subject and claims), which claim names the user, how claims map to token metadata,
 * the clock leeways and the token parameters. OIDC fields are stored and shown but, this server
 * having no OIDC flow, an {@code oidc} role cannot log in.
 *
 * @param boundClaims claim name (or JSON pointer) → a string or a list of strings
 */
record JwtRole(
        @JsonProperty("role_type") String roleType,
        @JsonProperty("bound_audiences") List<String> boundAudiences,
        @JsonProperty("user_claim") String userClaim,
        @JsonProperty("user_claim_json_pointer") boolean userClaimJsonPointer,
        @JsonProperty("bound_subject") String boundSubject,
        @JsonProperty("bound_claims") Map<String, Object> boundClaims,
        @JsonProperty("bound_claims_type") String boundClaimsType,
        @JsonProperty("groups_claim") String groupsClaim,
        @JsonProperty("claim_mappings") Map<String, String> claimMappings,
        @JsonProperty("oidc_scopes") List<String> oidcScopes,
        @JsonProperty("allowed_redirect_uris") List<String> allowedRedirectUris,
        @JsonProperty("verbose_oidc_logging") boolean verboseOidcLogging,
        @JsonProperty("max_age") long maxAge,
        @JsonProperty("clock_skew_leeway") long clockSkewLeeway,
        @JsonProperty("expiration_leeway") long expirationLeeway,
        @JsonProperty("not_before_leeway") long notBeforeLeeway,
        @JsonProperty("token") TokenParams token) {

    static final Map<String, String> LEGACY = Map.of("policies", "token_policies", "ttl", "token_ttl",
            "max_ttl", "token_max_ttl", "period", "token_period", "num_uses", "token_num_uses",
            "bound_cidrs", "token_bound_cidrs");

    /** What a create starts from: Vault's field defaults. */
    static final JwtRole NEW = new JwtRole("oidc", List.of(), "", false, "", Map.of(), "string", "", Map.of(), List.of(),
            List.of(), false, 0, 60, 150, 150, TokenParams.NONE);

    JwtRole {
        boundAudiences = List.copyOf(boundAudiences);
        boundClaims = Map.copyOf(boundClaims);
        claimMappings = Map.copyOf(claimMappings);
        oidcScopes = List.copyOf(oidcScopes);
        allowedRedirectUris = List.copyOf(allowedRedirectUris);
    }

    /**
     * This role updated by the fields present in {@code r}.
     *
     * @throws VaultError 400 with Vault's message when the result is not a usable role
     */
    JwtRole update(Request r) {
        String type = r.has("role_type") ? r.string("role_type") : roleType;
        if (type.isEmpty()) {
            type = "oidc";
        }
        if (!type.equals("jwt") && !type.equals("oidc")) {
            throw VaultError.badRequest("invalid 'role_type': use \"jwt\" or \"oidc\"");
        }
        String claimsType = r.has("bound_claims_type") ? r.string("bound_claims_type") : boundClaimsType;
        if (claimsType.isEmpty()) {
            claimsType = "string";
        }
        if (!claimsType.equals("string") && !claimsType.equals("glob")) {
            throw VaultError.badRequest("invalid 'bound_claims_type': use \"string\" or \"glob\"");
        }
        Map<String, Object> claims = r.has("bound_claims") ? boundClaims(r.map("bound_claims")) : boundClaims;
        Map<String, String> mappings = r.has("claim_mappings") ? r.stringMap("claim_mappings") : claimMappings;
        Map<String, String> seen = new LinkedHashMap<>();
        for (Map.Entry<String, String> m : mappings.entrySet()) {
            if (seen.put(m.getValue(), m.getKey()) != null) {
                throw VaultError.badRequest("multiple keys are mapped to metadata key \"" + m.getValue() + "\"");
            }
        }
        JwtRole role = new JwtRole(type,
                r.has("bound_audiences") ? r.stringList("bound_audiences") : boundAudiences,
                r.has("user_claim") ? r.string("user_claim") : userClaim,
                r.bool("user_claim_json_pointer", userClaimJsonPointer),
                r.has("bound_subject") ? r.string("bound_subject") : boundSubject,
                claims, claimsType,
                r.has("groups_claim") ? r.string("groups_claim") : groupsClaim,
                mappings,
                r.has("oidc_scopes") ? r.stringList("oidc_scopes") : oidcScopes,
                r.has("allowed_redirect_uris") ? r.stringList("allowed_redirect_uris") : allowedRedirectUris,
                r.bool("verbose_oidc_logging", verboseOidcLogging),
                seconds(r, "max_age", maxAge, false),
                seconds(r, "clock_skew_leeway", clockSkewLeeway, true),
                seconds(r, "expiration_leeway", expirationLeeway, true),
                seconds(r, "not_before_leeway", notBeforeLeeway, true),
                token.update(r, LEGACY));
        role.check();
        return role;
    }

    private void check() {
        if (roleType.equals("jwt") && boundAudiences.isEmpty() && token.boundCidrs().isEmpty() && boundSubject.isEmpty()
                && boundClaims.isEmpty()) {
            throw VaultError.badRequest("must have at least one bound constraint when creating/updating a role");
        }
        if (userClaim.isEmpty()) {
            throw VaultError.badRequest("a user claim must be defined on the role");
        }
        if (roleType.equals("oidc") && allowedRedirectUris.isEmpty()) {
            throw VaultError.badRequest("'allowed_redirect_uris' must be set if 'role_type' is 'oidc' or unspecified.");
        }
    }

    /** The data of a role read, as Vault shows it. */
    void render(Map<String, Object> out) {
        out.put("allowed_redirect_uris", allowedRedirectUris);
        out.put("bound_audiences", boundAudiences);
        out.put("bound_claims", boundClaims.isEmpty() ? null : boundClaims);
        out.put("bound_claims_type", boundClaimsType);
        out.put("bound_subject", boundSubject);
        out.put("claim_mappings", claimMappings.isEmpty() ? null : claimMappings);
        out.put("clock_skew_leeway", clockSkewLeeway);
        out.put("expiration_leeway", expirationLeeway);
        out.put("groups_claim", groupsClaim);
        out.put("max_age", maxAge);
        out.put("not_before_leeway", notBeforeLeeway);
        out.put("oidc_scopes", oidcScopes);
        out.put("role_type", roleType);
        out.put("user_claim", userClaim);
        out.put("user_claim_json_pointer", userClaimJsonPointer);
        out.put("verbose_oidc_logging", verboseOidcLogging);
        token.render(out, LEGACY);
    }

    /** Bound claim values must be strings (or numbers/booleans, compared as text) or lists of them. */
    private static Map<String, Object> boundClaims(Map<String, Object> given) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : given.entrySet()) {
            Object v = e.getValue();
            if (v instanceof List<?> l) {
                for (Object o : l) {
                    if (!(o instanceof String || o instanceof Number || o instanceof Boolean)) {
                        throw VaultError.badRequest("bound claim \"" + e.getKey() + "\" must be a string or a list of strings");
                    }
                }
                out.put(e.getKey(), l.stream().map(String::valueOf).toList());
            } else if (v instanceof String || v instanceof Number || v instanceof Boolean) {
                out.put(e.getKey(), String.valueOf(v));
            } else {
                throw VaultError.badRequest("bound claim \"" + e.getKey() + "\" must be a string or a list of strings");
            }
        }
        return out;
    }

    /** A duration in seconds; leeways may be -1 ("no leeway" in Vault). */
    private static long seconds(Request r, String field, long current, boolean allowMinusOne) {
        if (!r.has(field)) {
            return current;
        }
        if (allowMinusOne && r.raw(field) instanceof Number n && n.longValue() == -1) {
            return -1;
        }
        if (allowMinusOne && "-1".equals(r.raw(field))) {
            return -1;
        }
        return r.duration(field, java.time.Duration.ZERO).toSeconds();
    }
}
