package org.flowvault.vault.client.approle;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.flowvault.vault.client.VaultException;
import org.flowvault.vault.client.internal.Json;
import org.flowvault.vault.client.internal.Access;
import org.flowvault.vault.client.internal.VaultCalls;

/**
 * Administration of an AppRole auth method: roles, their role IDs, and secret IDs (generate,
 * list, look up, destroy — by value or by accessor). Logging in with AppRole is the {@code auth}
 * package's business. Secret IDs passed as arguments travel in request bodies, never in paths or
 * messages. Obtain it from {@link org.flowvault.vault.client.VaultClient#appRole()}. Immutable and
 * thread-safe.
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/approle">AppRole auth method API</a>
 */
public final class AppRoleOperations {
    private final VaultCalls calls;
    private final String mount;

    static {
        Access.operations(AppRoleOperations.class, AppRoleOperations::new);
    }

    /** Made by {@link org.flowvault.vault.client.VaultClient} only (through {@link Access}); {@code mount} is already normalized (without "auth/"). */
    AppRoleOperations(VaultCalls calls, String mount) {
        this.calls = calls;
        this.mount = "auth/" + mount;
    }

    /** The role names; empty when there are none. @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/approle#list-roles">List roles</a> */
    public List<String> roles() {
        try {
            return Json.strings(calls.send("LIST", mount + "/role", null).path("data").get("keys"));
        } catch (VaultException.NotFound e) {
            return List.of();
        }
    }

    /** Creates or updates a role with the settings made in {@code role}. */
    public void writeRole(String name, AppRoleRole role) {
        calls.send("POST", role(name), Objects.requireNonNull(role, "role").body());
    }

    /** The role's settings, or empty when there is no such role. @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/approle#read-approle">Read AppRole</a> */
    public Optional<AppRoleRole> readRole(String name) {
        try {
            JsonNode answer = calls.get(role(name));
            return answer == null ? Optional.empty() : Optional.of(AppRoleRole.from(answer.get("data")));
        } catch (VaultException.NotFound e) {
            return Optional.empty();
        }
    }

    /** Deletes the role and its secret IDs. @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/approle#delete-approle">Delete AppRole</a> */
    public void deleteRole(String name) {
        calls.send("DELETE", role(name), null);
    }

    /**
     * The role's role ID (not a secret by itself: logins also need a secret ID, if the role binds one).
     *
     * @throws VaultException.NotFound when there is no such role
     * @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/approle#read-approle-role-id">Read AppRole role ID</a>
     */
    public String roleId(String name) {
        return Json.text(calls.get(role(name) + "/role-id").get("data"), "role_id");
    }

    /** Sets a role ID of the caller's choosing. @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/approle#update-approle-role-id">Update AppRole role ID</a> */
    public void setRoleId(String name, String roleId) {
        if (roleId == null || roleId.isBlank()) {
            throw new IllegalArgumentException("roleId must not be empty");
        }
        calls.send("POST", role(name) + "/role-id", Map.of("role_id", roleId));
    }

    /** A new secret ID with the role's settings. */
    public GeneratedSecretId generateSecretId(String name) {
        return generateSecretId(name, SecretIdRequest.defaults());
    }

    /** @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/approle#generate-new-secret-id">Generate new secret ID</a> */
    public GeneratedSecretId generateSecretId(String name, SecretIdRequest request) {
        JsonNode answer = calls.send("POST", role(name) + "/secret-id", Objects.requireNonNull(request, "request").body());
        return GeneratedSecretId.from(answer.get("data"));
    }

    /** The accessors of the role's secret IDs; empty when there are none. @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/approle#list-secret-id-accessors">List secret ID accessors</a> */
    public List<String> secretIdAccessors(String name) {
        try {
            return Json.strings(calls.send("LIST", role(name) + "/secret-id", null).path("data").get("keys"));
        } catch (VaultException.NotFound e) {
            return List.of();
        }
    }

    /** What Vault knows about a secret ID, or empty when it is unknown or expired. @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/approle#read-approle-secret-id">Read AppRole secret ID</a> */
    public Optional<SecretIdInfo> lookupSecretId(String name, String secretId) {
        return lookup(role(name) + "/secret-id/lookup", Map.of("secret_id", text("secretId", secretId)));
    }

    /** As {@link #lookupSecretId}, by accessor. @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/approle#read-approle-secret-id-accessor">Read AppRole secret ID accessor</a> */
    public Optional<SecretIdInfo> lookupSecretIdAccessor(String name, String accessor) {
        return lookup(role(name) + "/secret-id-accessor/lookup", Map.of("secret_id_accessor", text("accessor", accessor)));
    }

    private Optional<SecretIdInfo> lookup(String path, Map<String, Object> body) {
        try {
            JsonNode answer = calls.send("POST", path, body);
            JsonNode d = answer == null ? null : answer.get("data");
            return d == null || !d.isObject() ? Optional.empty() : Optional.of(SecretIdInfo.from(d));
        } catch (VaultException.NotFound e) {
            return Optional.empty();
        }
    }

    /** Destroys a secret ID; destroying an unknown one is not an error. @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/approle#destroy-approle-secret-id">Destroy AppRole secret ID</a> */
    public void destroySecretId(String name, String secretId) {
        calls.send("POST", role(name) + "/secret-id/destroy", Map.of("secret_id", text("secretId", secretId)));
    }

    /**
     * Destroys a secret ID by accessor.
     *
     * @throws VaultException when Vault does not know the accessor (Vault answers that with a 500,
     *                        raised as {@link VaultException.Unavailable})
     * @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/approle#destroy-approle-secret-id-accessor">Destroy AppRole secret ID accessor</a>
     */
    public void destroySecretIdAccessor(String name, String accessor) {
        calls.send("POST", role(name) + "/secret-id-accessor/destroy", Map.of("secret_id_accessor", text("accessor", accessor)));
    }

    private String role(String name) {
        if (name == null || name.isBlank() || name.contains("/") || name.contains("?")) {
            throw new IllegalArgumentException("role name must be non-empty, without '/' or '?', got \"" + name + "\"");
        }
        return mount + "/role/" + name;
    }

    private static String text(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        return value;
    }

    @Override
    public String toString() {
        return "AppRoleOperations[" + mount + "]";
    }
}
