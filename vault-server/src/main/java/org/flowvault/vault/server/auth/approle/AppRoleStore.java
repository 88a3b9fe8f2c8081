package org.flowvault.vault.server.auth.approle;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.flowvault.vault.server.core.VaultError;
import org.flowvault.vault.server.internal.ServerJson;
import org.flowvault.vault.server.storage.Storage;

/**
 * The AppRole mount's storage. Keys never contain a role ID, secret ID or accessor in plain text:
 * <pre>
 *   salt                                   mount key for the role-ID and accessor indexes
 *   role/&lt;name&gt;                            {@link AppRole}
 *   role_id/&lt;hmac(salt, role id)&gt;          {"name": role}
 *   secret_id/&lt;hmac(k, role)&gt;/&lt;hmac(k, secret id)&gt;   {@link SecretIdEntry}, k = the role's key
 *   accessor/&lt;hmac(salt, accessor)&gt;        {"secret_id_hmac": ..., "role": ...}
 * </pre>
 * Callers serialise mutations on {@link #lock}.
 */
final class AppRoleStore {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Guards every read-modify-write of this mount (role writes, secret ID uses and deletes). */
    final Object lock = new Object();
    private final Storage storage;
    private volatile byte[] salt;

    AppRoleStore(Storage storage) {
        this.storage = storage;
    }

    record RoleIdIndex(@JsonProperty("name") String name) {
    }

    record AccessorIndex(@JsonProperty("secret_id_hmac") String secretIdHmac, @JsonProperty("role") String role) {
    }

    // ---- roles ------------------------------------------------------------------------------

    AppRole role(String name) {
        byte[] raw = storage.get("role/" + name.toLowerCase(Locale.ROOT));
        return raw == null ? null : ServerJson.read(raw, AppRole.class);
    }

    List<String> roleNames() {
        List<String> out = new ArrayList<>();
        for (String k : storage.list("role/")) {
            if (!k.endsWith("/")) {
                out.add(k);
            }
        }
        return out;
    }

    /**
     * Saves a role and its role-ID index, replacing the index of {@code previousRoleId}.
     *
     * @throws VaultError 500 "role_id already in use" when another role owns the role ID
     */
    void saveRole(AppRole role, String previousRoleId) {
        String owner = roleNameForRoleId(role.roleId());
        if (owner != null && !owner.equals(role.name())) {
            throw VaultError.of(500, "role_id already in use");
        }
        if (previousRoleId != null && !previousRoleId.equals(role.roleId())) {
            storage.delete("role_id/" + mountHmac(previousRoleId));
        }
        storage.put("role/" + role.name(), ServerJson.write(role));
        storage.put("role_id/" + mountHmac(role.roleId()), ServerJson.write(new RoleIdIndex(role.name())));
    }

    /** Deletes a role with all its secret IDs and its role-ID index. */
    void deleteRole(AppRole role) {
        String prefix = "secret_id/" + hmac(role.hmacKey(), role.name()) + "/";
        for (String key : storage.list(prefix)) {
            SecretIdEntry e = secretIdAt(prefix + key);
            if (e != null) {
                storage.delete("accessor/" + mountHmac(e.accessor()));
            }
            storage.delete(prefix + key);
        }
        storage.delete("role_id/" + mountHmac(role.roleId()));
        storage.delete("role/" + role.name());
    }

    String roleNameForRoleId(String roleId) {
        byte[] raw = storage.get("role_id/" + mountHmac(roleId));
        return raw == null ? null : ServerJson.read(raw, RoleIdIndex.class).name();
    }

    // ---- secret IDs -------------------------------------------------------------------------

    /** The storage key of a secret ID of {@code role}; the value itself never leaves this method. */
    String secretIdKey(AppRole role, String secretId) {
        return "secret_id/" + hmac(role.hmacKey(), role.name()) + "/" + hmac(role.hmacKey(), secretId);
    }

    String secretIdKeyByHmac(AppRole role, String secretIdHmac) {
        return "secret_id/" + hmac(role.hmacKey(), role.name()) + "/" + secretIdHmac;
    }

    SecretIdEntry secretIdAt(String key) {
        byte[] raw = storage.get(key);
        return raw == null ? null : ServerJson.read(raw, SecretIdEntry.class);
    }

    /**
     * The live entry at {@code key}, or null; an expired one is deleted on the way, as Vault's
     * tidy would eventually do.
     */
    SecretIdEntry liveSecretIdAt(String key, Instant now) {
        SecretIdEntry e = secretIdAt(key);
        if (e != null && e.expired(now)) {
            deleteSecretId(key, e);
            return null;
        }
        return e;
    }

    /** Stores a new secret ID; 500 "SecretID is already registered" when it exists. */
    void registerSecretId(AppRole role, String secretId, SecretIdEntry entry) {
        String key = secretIdKey(role, secretId);
        if (storage.get(key) != null) {
            throw VaultError.of(500, "SecretID is already registered");
        }
        storage.put(key, ServerJson.write(entry));
        storage.put("accessor/" + mountHmac(entry.accessor()),
                ServerJson.write(new AccessorIndex(key.substring(key.lastIndexOf('/') + 1), role.name())));
    }

    boolean accessorTaken(String accessor) {
        return storage.get("accessor/" + mountHmac(accessor)) != null;
    }

    AccessorIndex accessor(String accessor) {
        byte[] raw = storage.get("accessor/" + mountHmac(accessor));
        return raw == null ? null : ServerJson.read(raw, AccessorIndex.class);
    }

    void putSecretId(String key, SecretIdEntry entry) {
        storage.put(key, ServerJson.write(entry));
    }

    void deleteSecretId(String key, SecretIdEntry entry) {
        storage.delete("accessor/" + mountHmac(entry.accessor()));
        storage.delete(key);
    }

    /** Live secret IDs of a role (expired ones are removed), as storage keys. */
    List<String> secretIdKeys(AppRole role, Instant now) {
        String prefix = "secret_id/" + hmac(role.hmacKey(), role.name()) + "/";
        List<String> out = new ArrayList<>();
        for (String k : storage.list(prefix)) {
            if (!k.endsWith("/") && liveSecretIdAt(prefix + k, now) != null) {
                out.add(prefix + k);
            }
        }
        return out;
    }

    // ---- keys -------------------------------------------------------------------------------

    static String newKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private String mountHmac(String value) {
        return hmac(salt(), value);
    }

    private byte[] salt() {
        byte[] s = salt;
        if (s == null) {
            synchronized (lock) {
                byte[] stored = storage.get("salt");
                if (stored == null) {
                    stored = Base64.getDecoder().decode(newKey());
                    storage.put("salt", stored);
                }
                salt = s = stored;
            }
        }
        return s;
    }

    static String hmac(String base64Key, String value) {
        return hmac(Base64.getDecoder().decode(base64Key), value);
    }

    private static String hmac(byte[] key, String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
