package org.flowvault.platform.vaultconfig;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.regex.Pattern;
import org.flowvault.platform.Names;
import org.flowvault.platform.PlatformException;
import org.flowvault.platform.vaultconfig.VaultConfiguration.AuthMethod;

/**
 * Checks a configuration and normalizes it; every message names the field, the bad value and the fix,
 * and every error carries the field's API name ({@code url}, {@code cache_ttl}...) so a form can show
 * it beside the input.
 */
final class ConfigValidation {
    /** Path segments of safe characters, none of them "." or ".." (a mount or namespace never climbs). */
    private static final Pattern PATH = Pattern.compile("(?!\\.{1,2}(/|$))[A-Za-z0-9_.-]+(/(?!\\.{1,2}(/|$))[A-Za-z0-9_.-]+)*");

    private ConfigValidation() {
    }

    /** The configuration with defaults filled in (auth mount) and paths trimmed of slashes. */
    static VaultConfiguration validate(VaultConfiguration c, UrlAllowList allowList) {
        Names.problem(Names.Kind.VAULT_CONFIGURATION, c.name()).ifPresent(p -> {
            throw PlatformException.invalidField("name", p + " (it is referenced as NAME:path, so no ':', '.' or '/')");
        });
        URI url = c.url();
        // the columns' sizes: refused here, by name, rather than by the database
        within("url", "vault URL", url.toString(), 2048);
        within("ca_certificate", "CA certificate", c.caCertificatePem(), 65536);
        within("namespace", "namespace", c.namespace(), 255);
        within("auth_mount", "auth mount", c.authMount(), 255);
        within("kv_mount", "KV mount", c.kvMount(), 255);
        String scheme = url.getScheme() == null ? "" : url.getScheme();
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw PlatformException.invalidField("url", "vault URL " + UrlAllowList.safe(url) + " must use http or https, "
                    + "such as https://vault.example.com:8200");
        }
        if (url.getHost() == null) {
            throw PlatformException.invalidField("url", "vault URL " + UrlAllowList.safe(url) + " has no host; write it like https://vault.example.com:8200");
        }
        if (url.getRawUserInfo() != null || url.getRawQuery() != null || url.getRawFragment() != null) {
            throw PlatformException.invalidField("url", "vault URL " + UrlAllowList.safe(url) + " must not carry user info, a query or a fragment; "
                    + "credentials belong in the configuration's identity");
        }
        String path = url.getPath() == null ? "" : url.getPath();
        if (path.endsWith("/v1") || path.endsWith("/v1/")) {
            throw PlatformException.invalidField("url", "vault URL " + url + " must not end in /v1 (the platform adds it)");
        }
        try {
            allowList.check(url);
        } catch (PlatformException e) {
            throw e.field().isPresent() || e.reason() != PlatformException.Reason.INVALID ? e
                    : PlatformException.invalidField("url", e.getMessage());
        }
        String pem = c.caCertificatePem();
        if (pem != null) {
            if (!scheme.equals("https")) {
                throw PlatformException.invalidField("ca_certificate", "a CA certificate only applies to an https vault URL, but the URL is " + url);
            }
            checkPem(pem);
        }
        String namespace = c.namespace() == null ? null : trimSlashes(c.namespace());
        if (namespace != null && !namespace.isEmpty() && !PATH.matcher(namespace).matches()) {
            throw PlatformException.invalidField("namespace", "the namespace is invalid: use path segments of letters, digits, "
                    + "'_', '.' or '-' separated by '/', such as team-a/prod");
        }
        if (c.renewalThreshold().isNegative() || c.renewalThreshold().isZero()) {
            throw PlatformException.invalidField("renewal_threshold", "renewal threshold must be greater than zero (such as 2 days), got " + human(c.renewalThreshold()));
        }
        if (c.cacheTtl().isNegative()) {
            throw PlatformException.invalidField("cache_ttl", "cache TTL must be zero (no cache) or more, got " + human(c.cacheTtl()));
        }
        Duration interval = c.revalidationInterval();
        if (interval != null && (interval.toSeconds() < 1 || interval.toSeconds() > 86_400)) {
            throw PlatformException.invalidField("revalidation_interval_seconds", "the revalidation interval must be between 1 and 86400 "
                    + "seconds, or left empty to revalidate only when the cache TTL has passed");
        }
        String kvMount = trimSlashes(c.kvMount());
        if (!PATH.matcher(kvMount).matches()) {
            throw PlatformException.invalidField("kv_mount", "the KV mount is invalid: use path segments of letters, digits, "
                    + "'_', '.' or '-', such as secret or team/kv");
        }
        String authMount = authMount(c.authMethod(), c.authMount());
        for (java.util.UUID p : c.scope().projects()) {
            java.util.Objects.requireNonNull(p, "project id");
        }
        return new VaultConfiguration(c.id(), c.name(), url, c.enabled(), pem, namespace == null || namespace.isEmpty() ? null : namespace,
                c.authMethod(), authMount, kvMount, c.kvVersion(), c.scope(), c.autoRenew(), c.renewalThreshold(), c.cacheTtl(),
                c.serveStaleOnError(), interval);
    }

    private static String authMount(AuthMethod method, String given) {
        String def = switch (method) {
            case APPROLE -> "approle";
            case USERPASS -> "userpass";
            case LDAP -> "ldap";
            case USER_TOKEN, SHARED_TOKEN -> null;
        };
        if (def == null) {
            if (given != null) {
                throw PlatformException.invalidField("auth_mount", "an auth mount only applies to APPROLE, USERPASS and LDAP; "
                        + method + " uses a token directly, so leave the auth mount empty");
            }
            return null;
        }
        if (given == null) {
            return def;
        }
        String m = trimSlashes(given.startsWith("auth/") ? given.substring(5) : given);
        if (!PATH.matcher(m).matches()) {
            throw PlatformException.invalidField("auth_mount", "the auth mount is invalid: give the mount path without auth/, "
                    + "such as " + def + " or team/" + def);
        }
        return m;
    }

    private static void checkPem(String pem) {
        if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
            throw PlatformException.invalidField("ca_certificate", "the CA certificate is not PEM: it must contain -----BEGIN CERTIFICATE----- ... "
                    + "-----END CERTIFICATE-----");
        }
        try {
            var certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            if (certs.isEmpty()) {
                throw PlatformException.invalidField("ca_certificate", "the CA certificate PEM holds no X.509 certificate");
            }
        } catch (CertificateException e) {
            throw PlatformException.invalidField("ca_certificate", "the CA certificate does not parse as X.509 (" + e.getClass().getSimpleName()
                    + "); paste the whole PEM block of the CA that signed the Vault server's certificate");
        }
    }

    private static void within(String field, String label, String value, int max) {
        if (value != null && value.length() > max) {
            throw PlatformException.invalidField(field, label + " has " + value.length() + " characters; the limit is " + max);
        }
    }

    static String trimSlashes(String s) {
        String t = s.strip();
        while (t.startsWith("/")) {
            t = t.substring(1);
        }
        while (t.endsWith("/")) {
            t = t.substring(0, t.length() - 1);
        }
        return t;
    }

    private static String human(Duration d) {
        return d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }

    /** Checks that {@code creds} fit {@code method}: no foreign fields, no blank values. */
    static void checkCredentials(VaultConfiguration c, VaultCredentials creds) {
        boolean appRole = creds.roleId() != null || creds.secretId() != null;
        boolean login = creds.username() != null || creds.password() != null;
        boolean token = creds.token() != null;
        String what = switch (c.authMethod()) {
            case APPROLE -> appRole && !login && !token ? null : "a role id and a secret id";
            case USERPASS, LDAP -> login && !appRole && !token ? null : "a username and a password";
            case SHARED_TOKEN -> token && !appRole && !login ? null : "a token";
            case USER_TOKEN -> "no credentials (each user registers their own token)";
        };
        if (what != null) {
            throw PlatformException.invalidField("credentials", "vault configuration '" + c.name() + "' uses " + c.authMethod()
                    + ", which takes " + what);
        }
        for (String v : new String[] {creds.roleId(), creds.secretId(), creds.username(), creds.password(), creds.token()}) {
            if (v != null && v.isBlank()) {
                throw PlatformException.invalidField("credentials", "credentials of vault configuration '" + c.name() + "' must not be blank");
            }
        }
    }
}
