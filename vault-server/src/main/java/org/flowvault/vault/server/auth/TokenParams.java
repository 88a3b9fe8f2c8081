package org.flowvault.vault.server.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.flowvault.vault.server.core.LoginAuth;
import org.flowvault.vault.server.core.Request;
import org.flowvault.vault.server.core.VaultError;

/**
 * The {@code token_*} parameters every auth method shares (Vault's {@code tokenutil.TokenParams}):
 * parsed from a role or user write, stored with it, rendered on read, and turned into the
 * {@link LoginAuth} of a successful login. Durations are whole seconds; zero means "not set".
 * Immutable and thread-safe.
 *
 * @param legacyFields the deprecated field names ("policies", "period", "ttl"...) the caller used
 *                     last; Vault echoes those on read besides their {@code token_*} twins
 * @see <a href="https://developer.hashicorp.com/vault/docs/auth/approle">token_* parameters</a>
 */
public record TokenParams(
        @JsonProperty("token_policies") List<String> policies,
        @JsonProperty("token_ttl") long ttl,
        @JsonProperty("token_max_ttl") long maxTtl,
        @JsonProperty("token_explicit_max_ttl") long explicitMaxTtl,
        @JsonProperty("token_period") long period,
        @JsonProperty("token_num_uses") int numUses,
        @JsonProperty("token_no_default_policy") boolean noDefaultPolicy,
        @JsonProperty("token_type") String type,
        @JsonProperty("token_bound_cidrs") List<String> boundCidrs,
        @JsonProperty("legacy_fields") Set<String> legacyFields) {

    /** A role or user that sets none of the parameters. */
    public static final TokenParams NONE = new TokenParams(List.of(), 0, 0, 0, 0, 0, false, "default", List.of(), Set.of());

    public TokenParams {
        policies = policies == null ? List.of() : List.copyOf(policies);
        boundCidrs = boundCidrs == null ? List.of() : List.copyOf(boundCidrs);
        legacyFields = legacyFields == null ? Set.of() : Set.copyOf(legacyFields);
        type = type == null || type.isEmpty() ? "default" : type;
    }

    /**
     * These parameters updated by the fields present in {@code request}; absent fields keep their
     * value. {@code legacy} maps deprecated names to the {@code token_*} field they stand for
     * (e.g. "policies" → "token_policies"); the new name wins when both are given.
     *
     * @throws VaultError 400 with Vault's message when a value is invalid
     */
    public TokenParams update(Request request, Map<String, String> legacy) {
        Set<String> usedLegacy = new TreeSet<>(legacyFields);
        Fields f = new Fields(request, legacy, usedLegacy);

        List<String> newPolicies = policies;
        String policyKey = f.key("token_policies");
        if (policyKey != null) {
            List<String> given = request.stringList(policyKey);
            // Vault parses the deprecated "policies" as policy names: trimmed, lower-cased, unique.
            newPolicies = policyKey.equals("token_policies") ? given : sanitize(given);
        }
        List<String> newCidrs = boundCidrs;
        String cidrKey = f.key("token_bound_cidrs");
        if (cidrKey != null) {
            newCidrs = Cidrs.parse(request.stringList(cidrKey), cidrKey);
        }
        long newExplicit = f.seconds("token_explicit_max_ttl", explicitMaxTtl);
        long newMax = f.seconds("token_max_ttl", maxTtl);
        String noDefaultKey = f.key("token_no_default_policy");
        boolean newNoDefault = noDefaultKey == null ? noDefaultPolicy : request.bool(noDefaultKey, false);
        long newPeriod = f.seconds("token_period", period);
        String newType = type;
        String typeKey = f.key("token_type");
        if (typeKey != null) {
            String given = request.string(typeKey);
            newType = switch (given) {
                case "", "default" -> "default";
                case "service", "batch" -> given;
                default -> throw VaultError.badRequest("invalid 'token_type' value \"" + given + "\"");
            };
        }
        int newUses = numUses;
        String usesKey = f.key("token_num_uses");
        if (usesKey != null) {
            newUses = (int) request.integer(usesKey, 0);
        }
        if (newUses < 0) {
            throw VaultError.badRequest("'token_num_uses' cannot be negative");
        }
        if (newType.equals("batch") && newPeriod != 0) {
            throw VaultError.badRequest("'token_type' cannot be 'batch' or 'default_batch' when set to generate periodic tokens");
        }
        if (newType.equals("batch") && newUses != 0) {
            throw VaultError.badRequest("'token_type' cannot be 'batch' or 'default_batch' when set to generate tokens with limited use count");
        }
        long newTtl = f.seconds("token_ttl", ttl);
        if (newTtl > 0 && newMax > 0 && newTtl > newMax) {
            throw VaultError.badRequest("'token_ttl' cannot be greater than 'token_max_ttl'");
        }
        return new TokenParams(newPolicies, newTtl, newMax, newExplicit, newPeriod, newUses, newNoDefault, newType,
                newCidrs, usedLegacy);
    }

    /** Adds these parameters to a read response, as Vault's {@code PopulateTokenData} does. */
    public void render(Map<String, Object> out, Map<String, String> legacy) {
        out.put("token_bound_cidrs", boundCidrs);
        out.put("token_explicit_max_ttl", explicitMaxTtl);
        out.put("token_max_ttl", maxTtl);
        out.put("token_no_default_policy", noDefaultPolicy);
        out.put("token_period", period);
        out.put("token_policies", policies);
        out.put("token_type", type);
        out.put("token_ttl", ttl);
        out.put("token_num_uses", numUses);
        for (Map.Entry<String, String> e : legacy.entrySet()) {
            Object value = out.get(e.getValue());
            boolean set = value instanceof List<?> l ? !l.isEmpty() : value instanceof Number n && n.longValue() != 0;
            if (legacyFields.contains(e.getKey()) && set) {
                out.put(e.getKey(), value);
            }
        }
    }

    /** These parameters with other policies (users/&lt;name&gt;/policies). */
    public TokenParams withPolicies(List<String> newPolicies, Set<String> newLegacy) {
        return new TokenParams(newPolicies, ttl, maxTtl, explicitMaxTtl, period, numUses, noDefaultPolicy, type,
                boundCidrs, newLegacy);
    }

    /**
     * The login this role or user grants. {@code extraPolicies} are appended (LDAP group
     * mappings); {@code mountMaxTtl} caps the max TTL as Vault's {@code CalculateTTL} does.
     */
    public LoginAuth login(Map<String, String> metadata, String displayName, List<String> extraPolicies,
                           Duration mountMaxTtl) {
        List<String> all = new ArrayList<>(policies);
        all.addAll(extraPolicies);
        long max = maxTtl;
        if (mountMaxTtl != null && mountMaxTtl.toSeconds() > 0 && (max == 0 || max > mountMaxTtl.toSeconds())) {
            max = mountMaxTtl.toSeconds();
        }
        return new LoginAuth(all, metadata, displayName, Duration.ofSeconds(ttl), Duration.ofSeconds(max),
                Duration.ofSeconds(explicitMaxTtl), Duration.ofSeconds(period), numUses, true, noDefaultPolicy, boundCidrs);
    }

    /** Vault's {@code policyutil.ParsePolicies} without "default": trimmed, lower-cased, unique, sorted. */
    public static List<String> sanitize(List<String> names) {
        Set<String> out = new TreeSet<>();
        for (String n : names) {
            String p = n.trim().toLowerCase(Locale.ROOT);
            if (!p.isEmpty()) {
                out.add(p);
            }
        }
        return List.copyOf(out);
    }

    /** Resolves which input field supplies each token parameter, tracking deprecated names. */
    private record Fields(Request request, Map<String, String> legacy, Set<String> usedLegacy) {

        /** The field to read for {@code newKey}, or null when neither it nor its legacy alias is given. */
        String key(String newKey) {
            List<String> oldKeys = new ArrayList<>();
            for (Map.Entry<String, String> e : legacy.entrySet()) {
                if (e.getValue().equals(newKey)) {
                    oldKeys.add(e.getKey());
                }
            }
            String oldGiven = null;
            for (String old : oldKeys) {
                if (request.has(old)) {
                    oldGiven = old;
                }
            }
            if (request.has(newKey)) {
                // Vault keeps echoing the old name only when the caller still sends it.
                if (oldGiven == null) {
                    usedLegacy.removeAll(new LinkedHashSet<>(oldKeys));
                }
                return newKey;
            }
            if (oldGiven != null) {
                usedLegacy.add(oldGiven);
            }
            return oldGiven;
        }

        long seconds(String newKey, long current) {
            String k = key(newKey);
            return k == null ? current : request.duration(k, Duration.ZERO).toSeconds();
        }
    }
}
