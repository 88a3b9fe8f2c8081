package org.flowvault.vault.server.auth.kubernetes;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flowvault.vault.server.auth.PemCertificates;
import org.flowvault.vault.server.auth.jwt.Jwt;
import org.flowvault.vault.server.auth.jwt.PublicKeys;
import org.flowvault.vault.server.core.Request;
import org.flowvault.vault.server.core.VaultError;

/**
 * The mount's {@code config}: the API server, its CA, the JWT the server presents to the
 * TokenReview API ({@link #tokenReviewerJwt}, write-only: a read shows only whether it is set),
 * and optional PEM keys to verify service-account JWTs locally first. A write replaces the
 * configuration, keeping the reviewer JWT when the write omits it, as Vault does.
 */
record KubernetesConfig(
        @JsonProperty("kubernetes_host") String host,
        @JsonProperty("kubernetes_ca_cert") String caCert,
        @JsonProperty("token_reviewer_jwt") String tokenReviewerJwt,
        @JsonProperty("pem_keys") List<String> pemKeys,
        @JsonProperty("issuer") String issuer,
        @JsonProperty("disable_iss_validation") boolean disableIssValidation,
        @JsonProperty("disable_local_ca_jwt") boolean disableLocalCaJwt) {

    KubernetesConfig {
        pemKeys = pemKeys == null ? List.of() : List.copyOf(pemKeys);
    }

    /**
     * The configuration a write asks for; {@code current} (or null) supplies the reviewer JWT
     * when the write does not.
     *
     * @throws VaultError 400 naming the field that is wrong, never its value
     */
    static KubernetesConfig from(Request r, KubernetesConfig current) {
        String host = r.string("kubernetes_host").trim();
        if (host.isEmpty()) {
            throw VaultError.badRequest("no host provided");
        }
        try {
            URI uri = URI.create(host);
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            throw VaultError.badRequest("'kubernetes_host' must be a URL such as https://10.0.0.1:6443");
        }
        String ca = r.string("kubernetes_ca_cert");
        if (!ca.isEmpty()) {
            try {
                PemCertificates.parse(ca);
            } catch (IllegalArgumentException e) {
                throw VaultError.badRequest("could not parse 'kubernetes_ca_cert': " + e.getMessage());
            }
        }
        List<String> pemKeys = new ArrayList<>(pemList(r));
        for (String pem : pemKeys) {
            try {
                PublicKeys.fromPem(pem);
            } catch (IllegalArgumentException e) {
                throw VaultError.badRequest("could not parse 'pem_keys': " + e.getMessage());
            }
        }
        String reviewer = r.has("token_reviewer_jwt") ? r.string("token_reviewer_jwt")
                : current == null ? "" : current.tokenReviewerJwt();
        if (!reviewer.isEmpty()) {
            try {
                Jwt.parse(reviewer);
            } catch (IllegalArgumentException e) {
                throw VaultError.badRequest("'token_reviewer_jwt' is not a JWT: " + e.getMessage());
            }
        }
        return new KubernetesConfig(host, ca, reviewer, pemKeys, r.string("issuer"),
                r.bool("disable_iss_validation", true), r.bool("disable_local_ca_jwt", false));
    }

    /** The data of a config read: everything but the reviewer JWT. */
    void render(Map<String, Object> out) {
        out.put("disable_iss_validation", disableIssValidation);
        out.put("disable_local_ca_jwt", disableLocalCaJwt);
        out.put("issuer", issuer);
        out.put("kubernetes_ca_cert", caCert);
        out.put("kubernetes_host", host);
        out.put("pem_keys", pemKeys);
        out.put("token_reviewer_jwt_set", !tokenReviewerJwt.isEmpty());
        out.put("use_annotations_as_alias_metadata", false);
    }

    private static List<String> pemList(Request r) {
        Object raw = r.raw("pem_keys");
        List<String> out = new ArrayList<>();
        if (raw instanceof String s && !s.isBlank()) {
            out.add(s);
        } else if (raw instanceof List<?> l) {
            for (Object o : l) {
                if (!(o instanceof String s)) {
                    throw VaultError.badRequest("'pem_keys' must be a list of PEM strings");
                }
                if (!s.isBlank()) {
                    out.add(s);
                }
            }
        } else if (raw != null && !(raw instanceof String)) {
            throw VaultError.badRequest("'pem_keys' must be a list of PEM strings");
        }
        return out;
    }

    @Override
    public String toString() {
        return "KubernetesConfig[host=" + host + ", reviewerSet=" + !tokenReviewerJwt.isEmpty() + "]";
    }
}
