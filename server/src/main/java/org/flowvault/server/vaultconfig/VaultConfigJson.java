package org.flowvault.server.vaultconfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.flowvault.platform.Platform;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.identity.Caller;
import org.flowvault.platform.identity.Project;
import org.flowvault.platform.vaultconfig.VaultConfigurationView;
import org.flowvault.platform.vaultconfig.VaultConfiguration;
import org.flowvault.platform.vaultconfig.VaultConfiguration.AuthMethod;
import org.flowvault.platform.vaultconfig.VaultConfiguration.KvVersionSetting;
import org.flowvault.platform.vaultconfig.VaultCredentials;
import org.flowvault.server.http.Fields;
import org.flowvault.server.http.Views;

/**
 * The JSON form of a vault configuration: field names in snake case, durations as seconds or
 * text ({@code 1h}, {@code 2d}), the scope as {@code "platform"} or a list of project names, and
 * credentials write-only (a view says only which are set).
 */
public final class VaultConfigJson {
    private VaultConfigJson() {
    }

    /**
     * Applies the fields present in {@code b} to {@code into} (all fields for a create, some for an update).
     *
     * @throws PlatformException INVALID with {@link PlatformException#field()} set to the bad field's name
     */
    public static VaultConfiguration.Builder apply(ObjectNode b, VaultConfiguration.Builder into, Platform p, Caller caller) {
        if (Fields.has(b, "name")) {
            into.name(field("name", () -> Fields.text(b, "name", null)));
        }
        if (Fields.has(b, "url")) {
            into.url(field("url", () -> Fields.text(b, "url", null)));
        }
        if (Fields.has(b, "enabled")) {
            into.enabled(field("enabled", () -> Fields.bool(b, "enabled", true)));
        }
        if (b.has("ca_certificate")) {
            into.caCertificatePem(field("ca_certificate", () -> Fields.text(b, "ca_certificate", null)));
        }
        if (b.has("namespace")) {
            into.namespace(field("namespace", () -> Fields.text(b, "namespace", null)));
        }
        if (b.has("auth_namespace")) {
            into.authNamespace(field("auth_namespace", () -> Fields.text(b, "auth_namespace", null)));
        }
        if (b.has("auth_role")) {
            into.authRole(field("auth_role", () -> Fields.text(b, "auth_role", null)));
        }
        if (b.has("jwt_file")) {
            into.jwtFile(field("jwt_file", () -> Fields.text(b, "jwt_file", null)));
        }
        if (b.has("jwt_env_variable")) {
            into.jwtEnvVariable(field("jwt_env_variable", () -> Fields.text(b, "jwt_env_variable", null)));
        }
        if (Fields.has(b, "auth_method")) {
            into.authMethod(field("auth_method", () -> authMethod(Fields.text(b, "auth_method", null))));
        }
        if (b.has("auth_mount")) {
            into.authMount(field("auth_mount", () -> Fields.text(b, "auth_mount", null)));
        }
        if (Fields.has(b, "kv_mount")) {
            into.kvMount(field("kv_mount", () -> Fields.text(b, "kv_mount", null)));
        }
        if (Fields.has(b, "kv_version")) {
            into.kvVersion(field("kv_version", () -> kvVersion(b.get("kv_version"))));
        }
        if (Fields.has(b, "scope")) {
            into.scope(field("scope", () -> scope(b.get("scope"), p, caller)));
        }
        if (Fields.has(b, "auto_renew")) {
            into.autoRenew(field("auto_renew", () -> Fields.bool(b, "auto_renew", true)));
        }
        if (Fields.has(b, "renewal_threshold")) {
            into.renewalThreshold(field("renewal_threshold", () -> Fields.duration(b, "renewal_threshold", null)));
        }
        if (Fields.has(b, "cache_ttl")) {
            into.cacheTtl(field("cache_ttl", () -> Fields.duration(b, "cache_ttl", null)));
        }
        if (b.has("revalidation_interval_seconds")) { // null clears it
            into.revalidationInterval(field("revalidation_interval_seconds", () -> Fields.duration(b, "revalidation_interval_seconds", null)));
        }
        if (Fields.has(b, "serve_stale_on_error")) {
            into.serveStaleOnError(field("serve_stale_on_error", () -> Fields.bool(b, "serve_stale_on_error", false)));
        }
        return into;
    }

    /** The credentials in {@code b}'s {@code credentials} object (none when absent); errors name the field. */
    public static VaultCredentials credentials(ObjectNode b) {
        JsonNode c = b.get("credentials");
        if (c == null || c.isNull()) {
            return VaultCredentials.none();
        }
        if (!c.isObject()) {
            throw PlatformException.invalid("'credentials' must be an object with role_id/secret_id, username/password, token or "
                    + "client_certificate/private_key");
        }
        ObjectNode o = (ObjectNode) c;
        return new VaultCredentials(field("role_id", () -> Fields.credential(o, "role_id")),
                field("secret_id", () -> Fields.credential(o, "secret_id")),
                field("username", () -> Fields.credential(o, "username")),
                field("password", () -> Fields.credential(o, "password")), field("token", () -> Fields.token(o, "token")),
                // PEM blocks span lines, so they are plain text here; the platform checks their size and content
                field("client_certificate", () -> Fields.text(o, "client_certificate", null)),
                field("private_key", () -> Fields.text(o, "private_key", null)));
    }

    static Map<String, Object> view(VaultConfigurationView v, Platform p) {
        VaultConfiguration c = v.config();
        Object scope = c.scope().platform() ? "platform"
                : c.scope().projects().stream().map(id -> p.projects().byId(id).map(Project::name).orElse(id.toString())).sorted().toList();
        return Views.of(
                "id", c.id(), "name", c.name(), "url", c.url().toString(), "enabled", c.enabled(),
                "ca_certificate", c.caCertificatePem(), "namespace", c.namespace(), "auth_namespace", c.authNamespace(),
                "auth_method", c.authMethod().name().toLowerCase(Locale.ROOT), "auth_mount", c.authMount(),
                "auth_role", c.authRole(), "jwt_file", c.jwtFile(), "jwt_env_variable", c.jwtEnvVariable(),
                "kv_mount", c.kvMount(), "kv_version", kvVersionText(c.kvVersion()), "scope", scope,
                "auto_renew", c.autoRenew(), "renewal_threshold_seconds", c.renewalThreshold(),
                "cache_ttl_seconds", c.cacheTtl(), "serve_stale_on_error", c.serveStaleOnError(),
                "revalidation_interval_seconds", c.revalidationInterval(),
                "credentials", v.credentials() == null ? null : Views.of(
                        "role_id_set", v.credentials().roleIdSet(), "secret_id_set", v.credentials().secretIdSet(),
                        "username_set", v.credentials().usernameSet(), "password_set", v.credentials().passwordSet(),
                        "token_set", v.credentials().tokenSet(), "client_certificate_set", v.credentials().certificateSet(),
                        "private_key_set", v.credentials().privateKeySet(), "complete", v.credentials().complete()),
                "status", v.identity() == null ? null : status(v.identity()),
                "created_at", v.createdAt(), "updated_at", v.updatedAt());
    }

    /** The identity's status: times and texts, never a token. */
    private static Map<String, Object> status(org.flowvault.platform.vaultconfig.IdentityStatus s) {
        return Views.of("last_login_at", s.lastLoginAt(), "last_renewal_at", s.lastRenewalAt(), "last_error_at", s.lastErrorAt(),
                "last_error", s.lastError(), "token_state", s.tokenState() == null ? null : s.tokenState().toLowerCase(Locale.ROOT),
                "token_expires_at", s.tokenExpiresAt(), "hard_expires_at", s.hardExpiresAt(), "warning", s.warning());
    }

    /** {@code value}; an INVALID error that names no field is given {@code field}'s name (so a form shows it beside the input). */
    private static <T> T field(String field, java.util.function.Supplier<T> value) {
        try {
            return value.get();
        } catch (PlatformException e) {
            if (e.reason() != PlatformException.Reason.INVALID || e.field().isPresent()) {
                throw e;
            }
            throw PlatformException.invalidField(field, e.getMessage());
        }
    }

    private static AuthMethod authMethod(String text) {
        try {
            return AuthMethod.valueOf(text.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw PlatformException.invalid("'auth_method' must be one of user_token, approle, userpass, ldap, shared_token, "
                    + "kubernetes, jwt, cert");
        }
    }

    private static KvVersionSetting kvVersion(JsonNode n) {
        String t = n.asText().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "auto" -> KvVersionSetting.AUTO;
            case "1", "v1" -> KvVersionSetting.V1;
            case "2", "v2" -> KvVersionSetting.V2;
            default -> throw PlatformException.invalid("'kv_version' must be auto, 1 or 2");
        };
    }

    private static String kvVersionText(KvVersionSetting v) {
        return switch (v) {
            case AUTO -> "auto";
            case V1 -> "1";
            case V2 -> "2";
        };
    }

    private static VaultConfiguration.Scope scope(JsonNode n, Platform p, Caller caller) {
        if (n.isTextual() && n.asText().equals("platform")) {
            return VaultConfiguration.Scope.platformWide();
        }
        List<String> names = n.isTextual() ? List.of(n.asText().split(",")) : null;
        if (names == null) {
            if (!n.isArray()) {
                throw PlatformException.invalid("'scope' must be \"platform\" or a list of project names");
            }
            names = new java.util.ArrayList<>();
            for (JsonNode e : n) {
                names.add(e.asText());
            }
        }
        Set<UUID> ids = new HashSet<>();
        for (String name : names) {
            if (!name.isBlank()) {
                ids.add(p.projects().requireUsable(caller, name.trim()));
            }
        }
        if (ids.isEmpty()) {
            throw PlatformException.invalid("'scope' lists no project; use \"platform\" for every project");
        }
        return VaultConfiguration.Scope.projects(ids);
    }
}
