package org.flowvault.vault.server.auth.ldap;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.flowvault.vault.server.auth.TokenParams;
import org.flowvault.vault.server.core.Request;
import org.flowvault.vault.server.core.VaultError;

/**
 * The LDAP mount's {@code config}, Vault's {@code ldaputil.ConfigEntry}: where the directory is,
 * how to find and bind a user, how to find the user's groups, and the token parameters. Stored
 * under {@code config}; {@link #bindpass} is never shown and {@link #toString()} hides it.
 */
record LdapConfig(
        @JsonProperty("url") String url,
        @JsonProperty("userdn") String userdn,
        @JsonProperty("userattr") String userattr,
        @JsonProperty("userfilter") String userfilter,
        @JsonProperty("groupdn") String groupdn,
        @JsonProperty("groupfilter") String groupfilter,
        @JsonProperty("groupattr") String groupattr,
        @JsonProperty("upndomain") String upndomain,
        @JsonProperty("binddn") String binddn,
        @JsonProperty("bindpass") String bindpass,
        @JsonProperty("discoverdn") boolean discoverdn,
        @JsonProperty("insecure_tls") boolean insecureTls,
        @JsonProperty("starttls") boolean starttls,
        @JsonProperty("certificate") String certificate,
        @JsonProperty("deny_null_bind") boolean denyNullBind,
        @JsonProperty("case_sensitive_names") boolean caseSensitiveNames,
        @JsonProperty("tls_min_version") String tlsMinVersion,
        @JsonProperty("tls_max_version") String tlsMaxVersion,
        @JsonProperty("request_timeout") long requestTimeout,
        @JsonProperty("connection_timeout") long connectionTimeout,
        @JsonProperty("use_token_groups") boolean useTokenGroups,
        @JsonProperty("anonymous_group_search") boolean anonymousGroupSearch,
        @JsonProperty("username_as_alias") boolean usernameAsAlias,
        @JsonProperty("dereference_aliases") String dereferenceAliases,
        @JsonProperty("max_page_size") long maxPageSize,
        @JsonProperty("use_pre111_group_cn_behavior") boolean usePre111GroupCnBehavior,
        @JsonProperty("token") TokenParams token) {

    static final String DEFAULT_USER_FILTER = "({{.UserAttr}}={{.Username}})";
    static final String DEFAULT_GROUP_FILTER = "(|(memberUid={{.Username}})(member={{.UserDN}})(uniqueMember={{.UserDN}}))";
    private static final List<String> TLS_VERSIONS = List.of("tls10", "tls11", "tls12", "tls13");
    private static final List<String> DEREF = List.of("never", "finding", "searching", "always");

    /** Vault's defaults, which a read of an unconfigured mount shows. */
    static final LdapConfig DEFAULTS = new LdapConfig("ldap://127.0.0.1", "", "cn", DEFAULT_USER_FILTER, "",
            DEFAULT_GROUP_FILTER, "cn", "", "", "", false, false, false, "", true, false, "tls12", "tls12", 90, 30,
            false, false, false, "never", 0, false, TokenParams.NONE);

    /**
     * This configuration updated by the fields present in {@code r}.
     *
     * @throws VaultError 400 with Vault's text when the result is invalid
     */
    LdapConfig update(Request r) {
        String newUrl = r.has("url") ? r.string("url").toLowerCase(Locale.ROOT).trim() : url;
        String newUserattr = r.has("userattr") ? r.string("userattr").toLowerCase(Locale.ROOT) : userattr;
        String newCert = r.has("certificate") ? r.string("certificate") : certificate;
        String min = r.has("tls_min_version") ? r.string("tls_min_version") : tlsMinVersion;
        String max = r.has("tls_max_version") ? r.string("tls_max_version") : tlsMaxVersion;
        if (!TLS_VERSIONS.contains(min)) {
            throw VaultError.badRequest("invalid 'tls_min_version'");
        }
        if (!TLS_VERSIONS.contains(max)) {
            throw VaultError.badRequest("invalid 'tls_max_version'");
        }
        if (TLS_VERSIONS.indexOf(max) < TLS_VERSIONS.indexOf(min)) {
            throw VaultError.badRequest("'tls_max_version' must be greater than or equal to 'tls_min_version'");
        }
        String deref = r.has("dereference_aliases") ? r.string("dereference_aliases") : dereferenceAliases;
        if (!DEREF.contains(deref)) {
            throw VaultError.badRequest("invalid 'dereference_aliases' value \"" + deref + "\": use never, finding, searching or always");
        }
        if (!newCert.isEmpty()) {
            checkPem(newCert);
        }
        LdapConfig c = new LdapConfig(newUrl,
                text(r, "userdn", userdn), newUserattr,
                r.has("userfilter") && !r.string("userfilter").isEmpty() ? r.string("userfilter") : userfilter,
                text(r, "groupdn", groupdn),
                r.has("groupfilter") && !r.string("groupfilter").isEmpty() ? r.string("groupfilter") : groupfilter,
                r.has("groupattr") && !r.string("groupattr").isEmpty() ? r.string("groupattr") : groupattr,
                text(r, "upndomain", upndomain), text(r, "binddn", binddn), text(r, "bindpass", bindpass),
                r.bool("discoverdn", discoverdn), r.bool("insecure_tls", insecureTls), r.bool("starttls", starttls),
                newCert, r.bool("deny_null_bind", denyNullBind), r.bool("case_sensitive_names", caseSensitiveNames),
                min, max, seconds(r, "request_timeout", requestTimeout), seconds(r, "connection_timeout", connectionTimeout),
                r.bool("use_token_groups", useTokenGroups), r.bool("anonymous_group_search", anonymousGroupSearch),
                r.bool("username_as_alias", usernameAsAlias), deref, r.integer("max_page_size", maxPageSize),
                r.bool("use_pre111_group_cn_behavior", usePre111GroupCnBehavior), token.update(r, Map.of()));
        if (c.url.isEmpty()) {
            throw VaultError.badRequest("at least one url must be provided");
        }
        // Mirrors how a login derives the DN to bind as; without one of these it never could.
        if (!c.discoverdn && (c.binddn.isEmpty() || c.bindpass.isEmpty()) && c.upndomain.isEmpty() && c.userdn.isEmpty()) {
            throw VaultError.badRequest("cannot derive UserBindDN");
        }
        return c;
    }

    /** The data of a config read: everything but the bind password. */
    void render(Map<String, Object> out) {
        out.put("anonymous_group_search", anonymousGroupSearch);
        out.put("binddn", binddn);
        out.put("case_sensitive_names", caseSensitiveNames);
        out.put("certificate", certificate);
        out.put("connection_timeout", connectionTimeout);
        out.put("deny_null_bind", denyNullBind);
        out.put("dereference_aliases", dereferenceAliases);
        out.put("discoverdn", discoverdn);
        out.put("groupattr", groupattr);
        out.put("groupdn", groupdn);
        out.put("groupfilter", groupfilter);
        out.put("insecure_tls", insecureTls);
        out.put("max_page_size", maxPageSize);
        out.put("request_timeout", requestTimeout);
        out.put("starttls", starttls);
        out.put("tls_max_version", tlsMaxVersion);
        out.put("tls_min_version", tlsMinVersion);
        out.put("upndomain", upndomain);
        out.put("url", url);
        out.put("use_pre111_group_cn_behavior", usePre111GroupCnBehavior);
        out.put("use_token_groups", useTokenGroups);
        out.put("userattr", userattr);
        out.put("userdn", userdn);
        out.put("userfilter", userfilter);
        out.put("username_as_alias", usernameAsAlias);
        token.render(out, Map.of());
    }

    private static String text(Request r, String field, String current) {
        return r.has(field) ? r.string(field) : current;
    }

    private static long seconds(Request r, String field, long current) {
        return r.has(field) ? r.duration(field, Duration.ZERO).toSeconds() : current;
    }

    private static void checkPem(String pem) {
        if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
            throw VaultError.badRequest("failed to decode PEM block in the certificate");
        }
        try {
            CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8)));
        } catch (CertificateException e) {
            throw VaultError.badRequest("failed to parse certificate: " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "LdapConfig[url=" + url + ", userdn=" + userdn + ", binddn=" + binddn + "]";
    }
}
