package org.flowvault.vault.server.auth.jwt;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flowvault.vault.server.auth.PemCertificates;
import org.flowvault.vault.server.core.Request;
import org.flowvault.vault.server.core.VaultError;

/**
 * The mount's {@code config}: where the keys that sign accepted tokens come from (PEM public keys
 * or a JWKS URL), the issuer every token must name, the supported algorithms and the default
 * role. OIDC discovery is not supported: this server has no OIDC client. Stored under
 * {@code config}; a write replaces the whole configuration, as in Vault.
 */
record JwtConfig(
        @JsonProperty("jwks_url") String jwksUrl,
        @JsonProperty("jwks_ca_pem") String jwksCaPem,
        @JsonProperty("jwt_validation_pubkeys") List<String> validationPubkeys,
        @JsonProperty("jwt_supported_algs") List<String> supportedAlgs,
        @JsonProperty("bound_issuer") String boundIssuer,
        @JsonProperty("default_role") String defaultRole) {

    static final String EXACTLY_ONE = "exactly one of 'jwt_validation_pubkeys', 'jwks_url' or 'oidc_discovery_url' must be set";

    JwtConfig {
        validationPubkeys = validationPubkeys == null ? List.of() : List.copyOf(validationPubkeys);
        supportedAlgs = supportedAlgs == null ? List.of() : List.copyOf(supportedAlgs);
    }

    /**
     * The configuration a write asks for.
     *
     * @throws VaultError 400 naming the field that is wrong
     */
    static JwtConfig from(Request r) {
        String discovery = r.string("oidc_discovery_url");
        String jwksUrl = r.string("jwks_url").trim();
        List<String> pubkeys = pemList(r, "jwt_validation_pubkeys");
        int sources = (discovery.isEmpty() ? 0 : 1) + (jwksUrl.isEmpty() ? 0 : 1) + (pubkeys.isEmpty() ? 0 : 1);
        if (sources != 1) {
            throw VaultError.badRequest(EXACTLY_ONE);
        }
        if (!discovery.isEmpty()) {
            throw VaultError.badRequest("'oidc_discovery_url' is not supported by this server: configure 'jwks_url' "
                    + "or 'jwt_validation_pubkeys' instead");
        }
        for (String pem : pubkeys) {
            try {
                PublicKeys.fromPem(pem);
            } catch (IllegalArgumentException e) {
                throw VaultError.badRequest("error parsing public key: " + e.getMessage());
            }
        }
        String caPem = r.string("jwks_ca_pem");
        if (!caPem.isEmpty()) {
            try {
                PemCertificates.parse(caPem);
            } catch (IllegalArgumentException e) {
                throw VaultError.badRequest("could not parse 'jwks_ca_pem': " + e.getMessage());
            }
        }
        if (!jwksUrl.isEmpty()) {
            URI uri;
            try {
                uri = URI.create(jwksUrl);
            } catch (IllegalArgumentException e) {
                throw VaultError.badRequest("'jwks_url' is not a valid URL");
            }
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
                throw VaultError.badRequest("'jwks_url' must be an http or https URL");
            }
            try {
                JwksSource.fetch(jwksUrl, caPem);
            } catch (JwksSource.FetchFailure e) {
                throw VaultError.badRequest("error checking jwks URL: " + e.getMessage());
            }
        }
        List<String> algs = r.stringList("jwt_supported_algs");
        for (String alg : algs) {
            if (!PublicKeys.supported(alg)) {
                throw VaultError.badRequest("invalid 'jwt_supported_algs': use RS256, RS384, RS512, PS256, PS384, "
                        + "PS512, ES256, ES384, ES512 or EdDSA");
            }
        }
        return new JwtConfig(jwksUrl, caPem, pubkeys, algs, r.string("bound_issuer"), r.string("default_role"));
    }

    /** The algorithms a token may use: the configured ones, or Vault's default RS256. */
    List<String> acceptedAlgs() {
        return supportedAlgs.isEmpty() ? List.of("RS256") : supportedAlgs;
    }

    /** The data of a config read, with Vault's OIDC fields empty. */
    void render(Map<String, Object> out) {
        out.put("bound_issuer", boundIssuer);
        out.put("default_role", defaultRole);
        out.put("jwks_ca_pem", jwksCaPem);
        out.put("jwks_pairs", List.of());
        out.put("jwks_url", jwksUrl);
        out.put("jwt_supported_algs", supportedAlgs);
        out.put("jwt_validation_pubkeys", validationPubkeys);
        out.put("namespace_in_state", true);
        out.put("oidc_client_id", "");
        out.put("oidc_discovery_ca_pem", "");
        out.put("oidc_discovery_url", "");
        out.put("oidc_response_mode", "");
        out.put("oidc_response_types", List.of());
        out.put("provider_config", Map.of());
        out.put("unsupported_critical_cert_extensions", List.of());
    }

    /** PEM blocks may not be split on commas, so a list field is read as given. */
    static List<String> pemList(Request r, String field) {
        Object raw = r.raw(field);
        List<String> out = new ArrayList<>();
        if (raw instanceof String s && !s.isBlank()) {
            out.add(s);
        } else if (raw instanceof List<?> l) {
            for (Object o : l) {
                if (!(o instanceof String s)) {
                    throw VaultError.badRequest("'" + field + "' must be a list of PEM strings");
                }
                if (!s.isBlank()) {
                    out.add(s);
                }
            }
        } else if (raw != null && !(raw instanceof String)) {
            throw VaultError.badRequest("'" + field + "' must be a list of PEM strings");
        }
        return out;
    }
}
