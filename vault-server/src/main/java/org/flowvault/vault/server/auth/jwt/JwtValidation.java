package org.flowvault.vault.server.auth.jwt;

import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowvault.vault.server.auth.Glob;
import org.flowvault.vault.server.core.VaultError;

/**
 * Checks a login's JWT against the mount's config and a role, in Vault's order: signature, issuer,
 * times (with the role's leeways), audience, subject, bound claims. Every failure is a 400 whose
 * text names the check, never the token or a claim's value.
 */
final class JwtValidation {
    private JwtValidation() {
    }

    /** The verified claims of {@code token}, or a 400 saying why they are not acceptable. */
    static Map<String, Object> claims(String token, JwtConfig config, JwtRole role, JwksSource jwks, Instant now) {
        Jwt jwt;
        try {
            jwt = Jwt.parse(token);
        } catch (IllegalArgumentException e) {
            throw VaultError.badRequest("error validating token: " + e.getMessage());
        }
        if (!config.acceptedAlgs().contains(jwt.algorithm())) {
            throw VaultError.badRequest("error validating token: token is signed with an algorithm not in "
                    + "'jwt_supported_algs' (accepted: " + String.join(", ", config.acceptedAlgs()) + ")");
        }
        List<PublicKey> keys = new ArrayList<>();
        if (!config.jwksUrl().isEmpty()) {
            try {
                keys.addAll(jwks.candidates(config.jwksUrl(), config.jwksCaPem(), jwt));
            } catch (JwksSource.FetchFailure e) {
                throw VaultError.badRequest("error validating token: error fetching keys from 'jwks_url': " + e.getMessage());
            }
        } else {
            for (String pem : config.validationPubkeys()) {
                keys.add(PublicKeys.fromPem(pem));
            }
        }
        if (keys.stream().noneMatch(k -> PublicKeys.verifies(jwt, k))) {
            throw VaultError.badRequest("error validating token: failed to verify signature");
        }
        Map<String, Object> claims = jwt.claims();
        if (!config.boundIssuer().isEmpty() && !config.boundIssuer().equals(claims.get("iss"))) {
            throw VaultError.badRequest("error validating claims: invalid issuer (iss) claim");
        }
        checkTimes(claims, role, now);
        checkAudience(claims, role);
        if (!role.boundSubject().isEmpty() && !role.boundSubject().equals(claims.get("sub"))) {
            throw VaultError.badRequest("sub claim does not match bound subject");
        }
        checkBoundClaims(claims, role);
        return claims;
    }

    private static void checkTimes(Map<String, Object> claims, JwtRole role, Instant now) {
        long skew = Math.max(0, role.clockSkewLeeway());
        long t = now.getEpochSecond();
        Long exp = seconds(claims, "exp");
        Long nbf = seconds(claims, "nbf");
        Long iat = seconds(claims, "iat");
        if (exp == null && nbf == null && iat == null) {
            throw VaultError.badRequest("error validating claims: no issue time, not-before time, or expiration time encoded in token");
        }
        if (exp != null && t > exp + skew + Math.max(0, role.expirationLeeway())) {
            throw VaultError.badRequest("error validating claims: invalid expiration time (exp) claim: token is expired");
        }
        long nbfLeeway = Math.max(0, role.notBeforeLeeway());
        if (nbf != null && t < nbf - skew - nbfLeeway) {
            throw VaultError.badRequest("error validating claims: invalid not before (nbf) claim: token not yet valid");
        }
        if (iat != null && t < iat - skew) {
            throw VaultError.badRequest("error validating claims: invalid issued at (iat) claim: token issued in the future");
        }
    }

    private static Long seconds(Map<String, Object> claims, String name) {
        Object v = claims.get(name);
        if (v == null) {
            return null;
        }
        if (v instanceof Number n) {
            return n.longValue();
        }
        throw VaultError.badRequest("error validating claims: the \"" + name + "\" claim is not a number");
    }

    private static void checkAudience(Map<String, Object> claims, JwtRole role) {
        List<String> aud = new ArrayList<>();
        Object raw = claims.get("aud");
        if (raw instanceof String s) {
            aud.add(s);
        } else if (raw instanceof List<?> l) {
            l.forEach(o -> aud.add(String.valueOf(o)));
        }
        if (role.boundAudiences().isEmpty()) {
            if (!aud.isEmpty() && role.roleType().equals("jwt")) {
                throw VaultError.badRequest("error validating claims: audience claim found in JWT but no audiences bound to the role");
            }
            return;
        }
        if (aud.stream().noneMatch(role.boundAudiences()::contains)) {
            throw VaultError.badRequest("error validating claims: invalid audience (aud) claim: audience claim does not "
                    + "match any expected audience");
        }
    }

    private static void checkBoundClaims(Map<String, Object> claims, JwtRole role) {
        boolean glob = role.boundClaimsType().equals("glob");
        for (Map.Entry<String, Object> bound : role.boundClaims().entrySet()) {
            Object actual = claim(claims, bound.getKey());
            if (actual == null) {
                throw VaultError.badRequest("claim \"" + bound.getKey() + "\" is missing");
            }
            List<String> expected = bound.getValue() instanceof List<?> l ? l.stream().map(String::valueOf).toList()
                    : List.of(String.valueOf(bound.getValue()));
            List<String> values = new ArrayList<>();
            if (actual instanceof List<?> l) {
                l.forEach(o -> values.add(String.valueOf(o)));
            } else if (!(actual instanceof Map)) {
                values.add(String.valueOf(actual));
            }
            boolean match = values.stream().anyMatch(v -> expected.stream().anyMatch(e -> glob ? Glob.matches(e, v) : e.equals(v)));
            if (!match) {
                throw VaultError.badRequest("claim \"" + bound.getKey() + "\" does not match any associated bound claim values");
            }
        }
    }

    /** A claim by name, or by JSON pointer when the name starts with '/'. */
    static Object claim(Map<String, Object> claims, String name) {
        if (!name.startsWith("/")) {
            return claims.get(name);
        }
        Object at = claims;
        for (String part : name.substring(1).split("/", -1)) {
            String key = part.replace("~1", "/").replace("~0", "~");
            if (at instanceof Map<?, ?> m) {
                at = m.get(key);
            } else if (at instanceof List<?> l && key.matches("\\d+") && Integer.parseInt(key) < l.size()) {
                at = l.get(Integer.parseInt(key));
            } else {
                return null;
            }
        }
        return at;
    }

    /** The token metadata {@code claim_mappings} asks for, plus the role name. */
    static Map<String, String> metadata(Map<String, Object> claims, JwtRole role, String roleName) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> m : role.claimMappings().entrySet()) {
            Object v = claim(claims, m.getKey());
            if (v instanceof String || v instanceof Number || v instanceof Boolean) {
                out.put(m.getValue(), String.valueOf(v));
            }
        }
        out.put("role", roleName);
        return out;
    }

    /** The value of the role's user claim, which names the token's owner. */
    static String user(Map<String, Object> claims, JwtRole role) {
        Object v = role.userClaimJsonPointer() ? claim(claims, role.userClaim()) : claims.get(role.userClaim());
        if (v == null) {
            throw VaultError.badRequest("claim \"" + role.userClaim() + "\" not found in token");
        }
        if (!(v instanceof String || v instanceof Number || v instanceof Boolean)) {
            throw VaultError.badRequest("claim \"" + role.userClaim() + "\" could not be converted to string");
        }
        String s = String.valueOf(v);
        if (s.isEmpty()) {
            throw VaultError.badRequest("claim \"" + role.userClaim() + "\" not found in token");
        }
        return s;
    }

    /** The groups named by the role's groups claim; a missing claim is an error, as in Vault. */
    static List<String> groups(Map<String, Object> claims, JwtRole role) {
        if (role.groupsClaim().isEmpty()) {
            return List.of();
        }
        Object v = claim(claims, role.groupsClaim());
        if (v == null) {
            throw VaultError.badRequest("\"" + role.groupsClaim() + "\" claim not found in token");
        }
        if (v instanceof String s) {
            return List.of(s);
        }
        if (v instanceof List<?> l && l.stream().allMatch(o -> o instanceof String)) {
            return l.stream().map(String::valueOf).toList();
        }
        throw VaultError.badRequest("\"" + role.groupsClaim() + "\" claim could not be converted to a list of strings");
    }
}
