package org.flowvault.vault.server.auth.cert;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import org.flowvault.vault.server.auth.PemCertificates;
import org.flowvault.vault.server.auth.TokenParams;
import org.flowvault.vault.server.core.Request;
import org.flowvault.vault.server.core.VaultError;

/**
 * A trusted certificate under {@code certs/<name>}, Vault's {@code CertEntry}: the PEM a login's
 * chain must reach, the names a login certificate must carry, the display name and the token
 * parameters.
 */
record CertEntry(
        @JsonProperty("certificate") String certificate,
        @JsonProperty("display_name") String displayName,
        @JsonProperty("allowed_names") List<String> allowedNames,
        @JsonProperty("allowed_common_names") List<String> allowedCommonNames,
        @JsonProperty("allowed_dns_sans") List<String> allowedDnsSans,
        @JsonProperty("allowed_email_sans") List<String> allowedEmailSans,
        @JsonProperty("allowed_uri_sans") List<String> allowedUriSans,
        @JsonProperty("allowed_organizational_units") List<String> allowedOrganizationalUnits,
        @JsonProperty("required_extensions") List<String> requiredExtensions,
        @JsonProperty("token") TokenParams token) {

    static final Map<String, String> LEGACY = Map.of("policies", "token_policies", "ttl", "token_ttl",
            "max_ttl", "token_max_ttl", "period", "token_period", "bound_cidrs", "token_bound_cidrs", "lease", "token_ttl");
    static final CertEntry NEW = new CertEntry("", "", List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
            List.of(), TokenParams.NONE);

    CertEntry {
        allowedNames = List.copyOf(allowedNames);
        allowedCommonNames = List.copyOf(allowedCommonNames);
        allowedDnsSans = List.copyOf(allowedDnsSans);
        allowedEmailSans = List.copyOf(allowedEmailSans);
        allowedUriSans = List.copyOf(allowedUriSans);
        allowedOrganizationalUnits = List.copyOf(allowedOrganizationalUnits);
        requiredExtensions = List.copyOf(requiredExtensions);
    }

    /**
     * This entry updated by the fields present in {@code r}.
     *
     * @throws VaultError 400 when the certificate is missing or not a PEM certificate
     */
    CertEntry update(Request r, String name) {
        String pem = r.has("certificate") ? r.string("certificate") : certificate;
        if (pem.isEmpty()) {
            throw VaultError.badRequest("missing certificate: give the PEM of the CA (or leaf) logins must chain to");
        }
        try {
            PemCertificates.parse(pem);
        } catch (IllegalArgumentException e) {
            throw VaultError.badRequest("failed to parse certificate: " + e.getMessage());
        }
        String display = r.has("display_name") ? r.string("display_name") : displayName;
        return new CertEntry(pem, display.isEmpty() ? name : display,
                list(r, "allowed_names", allowedNames), list(r, "allowed_common_names", allowedCommonNames),
                list(r, "allowed_dns_sans", allowedDnsSans), list(r, "allowed_email_sans", allowedEmailSans),
                list(r, "allowed_uri_sans", allowedUriSans),
                list(r, "allowed_organizational_units", allowedOrganizationalUnits),
                list(r, "required_extensions", requiredExtensions), token.update(r, LEGACY));
    }

    List<X509Certificate> certificates() {
        return PemCertificates.parse(certificate);
    }

    void render(Map<String, Object> out) {
        out.put("allowed_common_names", allowedCommonNames);
        out.put("allowed_dns_sans", allowedDnsSans);
        out.put("allowed_email_sans", allowedEmailSans);
        out.put("allowed_metadata_extensions", List.of());
        out.put("allowed_names", allowedNames);
        out.put("allowed_organizational_units", allowedOrganizationalUnits);
        out.put("allowed_uri_sans", allowedUriSans);
        out.put("certificate", certificate);
        out.put("display_name", displayName);
        out.put("ocsp_enabled", false);
        out.put("required_extensions", requiredExtensions);
        token.render(out, LEGACY);
    }

    private static List<String> list(Request r, String field, List<String> current) {
        return r.has(field) ? r.stringList(field) : current;
    }
}
