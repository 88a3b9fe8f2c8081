package org.flowvault.platform.vaultconfig;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.regex.Pattern;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.naming.Names;
import org.flowvault.platform.vaultconfig.VaultConfiguration.AuthMethod;
import org.flowvault.vault.client.auth.Authentication;

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
        within("auth_namespace", "auth namespace", c.authNamespace(), 255);
        within("auth_mount", "auth mount", c.authMount(), 255);
        within("auth_role", "auth role", c.authRole(), 255);
        within("jwt_file", "JWT file path", c.jwtFile(), 1024);
        within("jwt_env_variable", "JWT environment variable name", c.jwtEnvVariable(), 255);
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
        String authNamespace = c.authNamespace() == null ? null : trimSlashes(c.authNamespace());
        if (authNamespace != null && !authNamespace.isEmpty() && !PATH.matcher(authNamespace).matches()) {
            throw PlatformException.invalidField("auth_namespace", "the auth namespace is invalid: use path segments of letters, digits, "
                    + "'_', '.' or '-' separated by '/', such as team-a, or leave it empty to log in in the namespace");
        }
        if (authNamespace != null && !authNamespace.isEmpty() && !c.authMethod().logsIn()) {
            throw PlatformException.invalidField("auth_namespace", "an auth namespace only applies to methods that log in; "
                    + c.authMethod() + " uses a token directly, so leave the auth namespace empty");
        }
        if (c.authMethod() == AuthMethod.CERT && !scheme.equals("https")) {
            throw PlatformException.invalidField("url", "the CERT method presents a client certificate over TLS, so the vault URL "
                    + "must use https");
        }
        Login login = login(c);
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
                authNamespace == null || authNamespace.isEmpty() ? null : authNamespace, c.authMethod(), authMount, login.role(),
                login.jwtFile(), login.jwtEnvVariable(), kvMount, c.kvVersion(), c.scope(), c.autoRenew(), c.renewalThreshold(),
                c.cacheTtl(), c.serveStaleOnError(), interval);
    }

    /** Where the KUBERNETES/JWT methods' JWT comes from, and the role; all null for the other methods. */
    private record Login(String role, String jwtFile, String jwtEnvVariable) {
    }

    private static final Pattern ROLE = Pattern.compile("[A-Za-z0-9_.@-]+");
    private static final Pattern ENV_VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /**
     * Checks the role and the JWT source against the method. File paths and variable names are
     * server settings an admin chooses (only admins write configurations); they are checked for
     * form, never echoed.
     */
    private static Login login(VaultConfiguration c) {
        AuthMethod m = c.authMethod();
        String role = c.authRole() == null ? null : c.authRole().strip();
        if (role != null && !ROLE.matcher(role).matches()) {
            throw PlatformException.invalidField("auth_role", "the auth role is invalid: use letters, digits, '_', '.', '@' or '-', "
                    + "such as web-app");
        }
        boolean takesRole = m == AuthMethod.KUBERNETES || m == AuthMethod.JWT || m == AuthMethod.CERT;
        if (role != null && !takesRole) {
            throw PlatformException.invalidField("auth_role", "an auth role only applies to KUBERNETES, JWT and CERT; " + m
                    + " takes none, so leave it empty");
        }
        if (role == null && m == AuthMethod.KUBERNETES) {
            throw PlatformException.invalidField("auth_role", "the KUBERNETES method needs the Vault role bound to the service account, "
                    + "such as web-app");
        }
        String file = c.jwtFile();
        String variable = c.jwtEnvVariable();
        if (m != AuthMethod.KUBERNETES && m != AuthMethod.JWT) {
            if (file != null || variable != null) {
                throw PlatformException.invalidField(file != null ? "jwt_file" : "jwt_env_variable", "a JWT source only applies to "
                        + "KUBERNETES and JWT; " + m + " takes none, so leave it empty");
            }
            return new Login(role, null, null);
        }
        if (m == AuthMethod.KUBERNETES) {
            if (variable != null) {
                throw PlatformException.invalidField("jwt_env_variable", "the KUBERNETES method reads the service-account JWT from a file; "
                        + "leave the environment variable empty");
            }
            file = file == null ? Authentication.Kubernetes.DEFAULT_JWT_FILE.toString() : file;
        } else if ((file == null) == (variable == null)) {
            throw PlatformException.invalidField(file == null ? "jwt_file" : "jwt_env_variable", "the JWT method reads the JWT from "
                    + "exactly one place: a file path (such as /var/run/secrets/vault/jwt) or an environment variable name "
                    + "(such as VAULT_JWT), not both and not neither");
        }
        if (file != null) {
            checkJwtFile(file);
        }
        if (variable != null && !ENV_VARIABLE.matcher(variable).matches()) {
            throw PlatformException.invalidField("jwt_env_variable", "the JWT environment variable name is invalid: use letters, digits "
                    + "and '_', not starting with a digit, such as VAULT_JWT");
        }
        return new Login(role, file, variable);
    }

    private static void checkJwtFile(String file) {
        boolean control = file.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f);
        if (control) {
            throw PlatformException.invalidField("jwt_file", "the JWT file path must not contain NUL or other control characters");
        }
        java.nio.file.Path path;
        try {
            path = java.nio.file.Path.of(file);
        } catch (java.nio.file.InvalidPathException e) {
            throw PlatformException.invalidField("jwt_file", "the JWT file path is not a valid path on the server");
        }
        if (!path.isAbsolute() || !file.startsWith("/")) {
            throw PlatformException.invalidField("jwt_file", "the JWT file path must be absolute, such as "
                    + Authentication.Kubernetes.DEFAULT_JWT_FILE);
        }
        if (!path.normalize().toString().equals(file) || file.endsWith("/")) {
            throw PlatformException.invalidField("jwt_file", "the JWT file path must be normalized: no '.' or '..' segments, "
                    + "repeated or trailing '/'");
        }
    }

    private static String authMount(AuthMethod method, String given) {
        String def = switch (method) {
            case APPROLE -> "approle";
            case USERPASS -> "userpass";
            case LDAP -> "ldap";
            case KUBERNETES -> "kubernetes";
            case JWT -> "jwt";
            case CERT -> "cert";
            case USER_TOKEN, SHARED_TOKEN -> null;
        };
        if (def == null) {
            if (given != null) {
                throw PlatformException.invalidField("auth_mount", "an auth mount only applies to methods that log in; "
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

    /** Checks that {@code creds} fit {@code method}: no foreign fields, no blank values, a certificate that parses and matches its key. */
    static void checkCredentials(VaultConfiguration c, VaultCredentials creds) {
        boolean appRole = creds.roleId() != null || creds.secretId() != null;
        boolean login = creds.username() != null || creds.password() != null;
        boolean token = creds.token() != null;
        boolean cert = creds.certificatePem() != null || creds.privateKeyPem() != null;
        int kinds = (appRole ? 1 : 0) + (login ? 1 : 0) + (token ? 1 : 0) + (cert ? 1 : 0);
        String what = switch (c.authMethod()) {
            case APPROLE -> appRole && kinds == 1 ? null : "a role id and a secret id";
            case USERPASS, LDAP -> login && kinds == 1 ? null : "a username and a password";
            case SHARED_TOKEN -> token && kinds == 1 ? null : "a token";
            case CERT -> cert && kinds == 1 ? null : "a client certificate and its private key";
            case USER_TOKEN -> "no credentials (each user registers their own token)";
            case KUBERNETES -> "no credentials (it logs in with the service-account JWT file of the server)";
            case JWT -> "no credentials (it logs in with the JWT from its file or environment variable)";
        };
        if (what != null) {
            throw PlatformException.invalidField("credentials", "vault configuration '" + c.name() + "' uses " + c.authMethod()
                    + ", which takes " + what);
        }
        for (String v : new String[] {creds.roleId(), creds.secretId(), creds.username(), creds.password(), creds.token(),
                creds.certificatePem(), creds.privateKeyPem()}) {
            if (v != null && v.isBlank()) {
                throw PlatformException.invalidField("credentials", "credentials of vault configuration '" + c.name() + "' must not be blank");
            }
        }
        if (cert) {
            if (creds.certificatePem() == null || creds.privateKeyPem() == null) {
                throw PlatformException.invalidField(creds.certificatePem() == null ? "client_certificate" : "private_key",
                        "vault configuration '" + c.name() + "' needs the client certificate and its private key set together, "
                                + "so that they are checked against each other");
            }
            ClientCertificates.check(c.name(), creds.certificatePem(), creds.privateKeyPem());
        }
    }
}
