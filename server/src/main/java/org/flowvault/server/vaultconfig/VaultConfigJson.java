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
import org.flowvault.platform.PlatformException;
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
            throw PlatformException.invalid("'credentials' must be an object with role_id/secret_id, username/password or token");
        }
        ObjectNode o = (ObjectNode) c;
        return new VaultCredentials(field("role_id", () -> Fields.credential(o, "role_id")),
                field("secret_id", () -> Fields.credential(o, "secret_id")),
                field("username", () -> Fields.credential(o, "username")),
                field("password", () -> Fields.credential(o, "password")), field("token", () -> Fields.token(o, "token")));
    }

    static Map<String, Object> view(VaultConfigurationView v, Platform p) {
        VaultConfiguration c = v.config();
        Object scope = c.scope().platform() ? "platform"
                : c.scope().projects().stream().map(id -> p.projects().byId(id).map(Project::name).orElse(id.toString())).sorted().toList();
        return Views.of(
                "id", c.id(), "name", c.name(), "url", c.url().toString(), "enabled", c.enabled(),
                "ca_certificate", c.caCertificatePem(), "namespace", c.namespace(),
                "auth_method", c.authMethod().name().toLowerCase(Locale.ROOT), "auth_mount", c.authMount(),
                "kv_mount", c.kvMount(), "kv_version", kvVersionText(c.kvVersion()), "scope", scope,
                "auto_renew", c.autoRenew(), "renewal_threshold_seconds", c.renewalThreshold(),
                "cache_ttl_seconds", c.cacheTtl(), "serve_stale_on_error", c.serveStaleOnError(),
                "credentials", v.credentials() == null ? null : Views.of(
                        "role_id_set", v.credentials().roleIdSet(), "secret_id_set", v.credentials().secretIdSet(),
                        "username_set", v.credentials().usernameSet(), "password_set", v.credentials().passwordSet(),
                        "token_set", v.credentials().tokenSet(), "complete", v.credentials().complete()),
                "created_at", v.createdAt(), "updated_at", v.updatedAt());
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
            throw PlatformException.invalid("'auth_method' must be one of user_token, approle, userpass, ldap, shared_token");
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
