package org.flowvault.server.web.vaultconfig;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.flowvault.platform.vaultconfig.VaultConfiguration;
import org.flowvault.platform.vaultconfig.VaultConfiguration.KvVersionSetting;

/**
 * The values of the New/Edit form as the browser shows and sends them: text, so that a rejected
 * value is shown back as typed. Holds no credential: credential inputs are write-only and always
 * rendered empty.
 *
 * @param scopeProjects the project names ticked when the scope is not the whole platform
 */
public record ConfigForm(String name, String url, boolean enabled, String caCertificate, String namespace, String authNamespace,
                         String authMethod, String authMount, String authRole, String jwtFile, String jwtEnvVariable, String kvMount,
                         String kvVersion, boolean platformScope, Set<String> scopeProjects, boolean autoRenew, String renewalThreshold,
                         String cacheTtl, boolean serveStaleOnError, String revalidationInterval) {

    /** The auth methods in the order the form offers them, with the API's names. */
    public static final List<String> AUTH_METHODS = List.of("user_token", "approle", "userpass", "ldap", "shared_token", "kubernetes",
            "jwt", "cert");

    /** The credential inputs each auth method uses (write-only). */
    static final Map<String, List<String>> CREDENTIALS = Map.of("user_token", List.of(), "approle", List.of("role_id", "secret_id"),
            "userpass", List.of("username", "password"), "ldap", List.of("username", "password"), "shared_token", List.of("token"),
            "kubernetes", List.of(), "jwt", List.of(), "cert", List.of("client_certificate", "private_key"));

    /** The login settings each auth method uses; the others are not sent, so a value left in a hidden input is ignored. */
    static final Map<String, List<String>> LOGIN_SETTINGS = Map.of("approle", List.of("auth_namespace"), "userpass",
            List.of("auth_namespace"), "ldap", List.of("auth_namespace"),
            "kubernetes", List.of("auth_namespace", "auth_role", "jwt_file"),
            "jwt", List.of("auth_namespace", "auth_role", "jwt_file", "jwt_env_variable"), "cert", List.of("auth_namespace", "auth_role"));

    public ConfigForm {
        scopeProjects = Set.copyOf(scopeProjects);
    }

    /** A new configuration's form: the platform's defaults. */
    static ConfigForm blank() {
        return of(VaultConfiguration.builder().name("new").url("https://vault.example.com:8200").build(), Map.of())
                .withNameAndUrl("", "");
    }

    /** The form for {@code c}; {@code projectNames} names the scope's project ids the viewer may know. */
    static ConfigForm of(VaultConfiguration c, Map<UUID, String> projectNames) {
        return new ConfigForm(c.name(), c.url().toString(), c.enabled(), nz(c.caCertificatePem()), nz(c.namespace()),
                nz(c.authNamespace()), method(c.authMethod()), nz(c.authMount()), nz(c.authRole()), nz(c.jwtFile()),
                nz(c.jwtEnvVariable()), c.kvMount(), kvVersion(c.kvVersion()), c.scope().platform(),
                c.scope().projects().stream().map(projectNames::get).filter(java.util.Objects::nonNull)
                        .collect(java.util.stream.Collectors.toSet()),
                c.autoRenew(), duration(c.renewalThreshold()), duration(c.cacheTtl()), c.serveStaleOnError(),
                c.revalidationInterval() == null ? "" : String.valueOf(c.revalidationInterval().toSeconds()));
    }

    /** The form as submitted (unchecked boxes are absent, so they read as false). */
    static ConfigForm submitted(Context ctx) {
        return new ConfigForm(text(ctx, "name"), text(ctx, "url"), ctx.formParam("enabled") != null, text(ctx, "ca_certificate"),
                text(ctx, "namespace"), text(ctx, "auth_namespace"), text(ctx, "auth_method"), text(ctx, "auth_mount"),
                text(ctx, "auth_role"), text(ctx, "jwt_file"), text(ctx, "jwt_env_variable"), text(ctx, "kv_mount"),
                text(ctx, "kv_version"), !"projects".equals(ctx.formParam("scope")), Set.copyOf(ctx.formParams("scope_project")),
                ctx.formParam("auto_renew") != null, text(ctx, "renewal_threshold"), text(ctx, "cache_ttl"),
                ctx.formParam("serve_stale_on_error") != null, text(ctx, "revalidation_interval_seconds"));
    }

    /**
     * The API's JSON body for this form plus the credentials typed into {@code ctx}: only the chosen
     * auth method's non-empty ones (an empty credential input means keep the stored value).
     */
    ObjectNode json(Context ctx) {
        ObjectNode b = JsonNodeFactory.instance.objectNode();
        b.put("name", name).put("url", url).put("enabled", enabled).put("ca_certificate", caCertificate)
                .put("namespace", namespace).put("auth_method", authMethod).put("auth_mount", authMount)
                .put("kv_mount", kvMount).put("kv_version", kvVersion).put("auto_renew", autoRenew)
                .put("renewal_threshold", renewalThreshold).put("cache_ttl", cacheTtl).put("serve_stale_on_error", serveStaleOnError);
        List<String> settings = LOGIN_SETTINGS.getOrDefault(authMethod, List.of());
        Map<String, String> values = Map.of("auth_namespace", authNamespace, "auth_role", authRole, "jwt_file", jwtFile,
                "jwt_env_variable", jwtEnvVariable);
        values.forEach((k, v) -> b.put(k, settings.contains(k) && !v.isEmpty() ? v : null));
        if (revalidationInterval == null || revalidationInterval.isBlank()) {
            b.putNull("revalidation_interval_seconds");
        } else {
            String v = revalidationInterval.strip();
            if (v.matches("\\d{1,9}")) {
                b.put("revalidation_interval_seconds", Long.parseLong(v));
            } else {
                b.put("revalidation_interval_seconds", v); // the API says what it accepts
            }
        }
        if (platformScope) {
            b.put("scope", "platform");
        } else {
            ArrayNode projects = b.putArray("scope");
            scopeProjects.stream().sorted().forEach(projects::add);
        }
        ObjectNode credentials = JsonNodeFactory.instance.objectNode();
        for (String field : CREDENTIALS.getOrDefault(authMethod, List.of())) {
            String value = ctx.formParam(field);
            if (value != null && !value.isEmpty()) {
                credentials.put(field, value);
            }
        }
        if (!credentials.isEmpty()) {
            b.set("credentials", credentials);
        }
        return b;
    }

    /** Whether the form's auth method uses credential input {@code field}. */
    public boolean uses(String field) {
        return CREDENTIALS.getOrDefault(authMethod, List.of()).contains(field);
    }

    private ConfigForm withNameAndUrl(String n, String u) {
        return new ConfigForm(n, u, enabled, caCertificate, namespace, authNamespace, authMethod, authMount, authRole, jwtFile,
                jwtEnvVariable, kvMount, kvVersion, platformScope,
                scopeProjects, autoRenew, renewalThreshold, cacheTtl, serveStaleOnError, revalidationInterval);
    }

    static String method(VaultConfiguration.AuthMethod m) {
        return m.name().toLowerCase(Locale.ROOT);
    }

    static String kvVersion(KvVersionSetting v) {
        return switch (v) {
            case AUTO -> "auto";
            case V1 -> "1";
            case V2 -> "2";
        };
    }

    /** {@code d} as the shortest text the API reads back: {@code 2d}, {@code 1h30m}, {@code 45s}, {@code 0s}. */
    static String duration(Duration d) {
        long s = d.toSeconds();
        if (s <= 0) {
            return s + "s";
        }
        StringBuilder out = new StringBuilder();
        long[] units = {86400, 3600, 60, 1};
        String[] names = {"d", "h", "m", "s"};
        for (int i = 0; i < units.length; i++) {
            if (s >= units[i]) {
                out.append(s / units[i]).append(names[i]);
                s %= units[i];
            }
        }
        return out.toString();
    }

    private static String text(Context ctx, String field) {
        String v = ctx.formParam(field);
        return v == null ? "" : v;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
