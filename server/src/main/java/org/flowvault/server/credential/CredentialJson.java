package org.flowvault.server.credential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flowvault.platform.credential.CredentialEntry;
import org.flowvault.platform.credential.DecryptedEntry;
import org.flowvault.platform.credential.EntryFields;
import org.flowvault.platform.credential.EntryInput;
import org.flowvault.platform.credential.TfaMethod;
import org.flowvault.platform.credential.VaultSource;
import org.flowvault.platform.error.PlatformException;

/**
 * The JSON form of credential entries: snake-case fields as the seed product names them, secret
 * fields as the client's ciphertexts (strings), every field present in answers (null when unset).
 * Request bodies are read strictly: an unknown or read-only field, or a value of the wrong type,
 * is refused naming the field and never quoting the value.
 */
final class CredentialJson {
    static final Set<String> INPUT = Set.of("domain", "permissioned_user_id", "user_alias", "user_name", "password", "tfa_secret",
            "tfa_method", "persist_cookies", "persist_local_storage", "persist_session_storage", "allow_multiple_sessions",
            "max_concurrency", "prevent_concurrency_during_login", "expire_after_last_use_days", "proxy", "vault");
    private static final Set<String> READ_ONLY = Set.of("id", "project", "created_at", "updated_at", "last_used_at", "encrypted");
    private static final Set<String> VAULT_KEYS = Set.of("config", "path", "keys");

    private CredentialJson() {
    }

    /** Refuses any field of {@code b} outside {@code allowed}, naming it (field names are bounded and made printable). */
    static void onlyKnown(ObjectNode b, Set<String> allowed, String where) {
        b.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) {
                String shown = name.length() > 64 ? name.substring(0, 64) + "..." : name;
                shown = shown.replaceAll("[^\\x20-\\x7e]", "?");
                throw PlatformException.invalid(READ_ONLY.contains(name)
                        ? "'" + name + "' is set by the server: leave it out of " + where
                        : "unknown field '" + shown + "' in " + where + "; the fields are " + String.join(", ", allowed.stream().sorted().toList()));
            }
        });
    }

    static EntryInput input(ObjectNode b) {
        onlyKnown(b, INPUT, "a credential entry");
        EntryInput.Builder in = EntryInput.builder();
        b.fields().forEachRemaining(f -> {
            if (f.getValue().isNull()) {
                in.clear(f.getKey());
            }
        });
        in.domain(text(b, "domain"));
        in.permissionedUserId(text(b, "permissioned_user_id"));
        in.userAlias(text(b, "user_alias"));
        in.userName(ciphertext(b, EntryFields.USER_NAME));
        in.password(ciphertext(b, EntryFields.PASSWORD));
        in.tfaSecret(ciphertext(b, EntryFields.TFA_SECRET));
        in.proxy(ciphertext(b, EntryFields.PROXY));
        String tfa = text(b, "tfa_method");
        if (tfa != null) {
            try {
                in.tfaMethod(TfaMethod.parse(tfa));
            } catch (IllegalArgumentException e) {
                throw PlatformException.invalid(e.getMessage());
            }
        }
        in.persistCookies(bool(b, "persist_cookies"));
        in.persistLocalStorage(bool(b, "persist_local_storage"));
        in.persistSessionStorage(bool(b, "persist_session_storage"));
        in.allowMultipleSessions(bool(b, "allow_multiple_sessions"));
        in.preventConcurrencyDuringLogin(bool(b, "prevent_concurrency_during_login"));
        in.maxConcurrency(integer(b, "max_concurrency"));
        in.expireAfterLastUseDays(integer(b, "expire_after_last_use_days"));
        JsonNode v = b.get("vault");
        if (v != null && !v.isNull()) {
            in.vault(vault(v));
        }
        return in.build();
    }

    private static VaultSource vault(JsonNode v) {
        if (!v.isObject()) {
            throw PlatformException.invalid("'vault' must be an object {config, path, keys}");
        }
        onlyKnown((ObjectNode) v, VAULT_KEYS, "'vault'");
        String path = text((ObjectNode) v, "path");
        if (path == null || path.isBlank()) {
            throw PlatformException.invalid("'vault.path' is required: the secret's path, e.g. secret/portal/alice");
        }
        Map<String, String> keys = new LinkedHashMap<>();
        JsonNode k = v.get("keys");
        if (k != null && !k.isNull()) {
            if (!k.isObject()) {
                throw PlatformException.invalid("'vault.keys' must be an object mapping user_name, password and tfa_secret to keys of the secret");
            }
            k.fields().forEachRemaining(e -> {
                if (!e.getValue().isTextual()) {
                    throw PlatformException.invalid("'vault.keys' values must be strings (the names of keys of the secret)");
                }
                keys.put(e.getKey(), e.getValue().asText());
            });
        }
        return new VaultSource(text((ObjectNode) v, "config"), path, keys);
    }

    private static String text(ObjectNode b, String field) {
        JsonNode n = b.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw PlatformException.invalid("'" + field + "' must be a string");
        }
        return n.asText();
    }

    private static String ciphertext(ObjectNode b, String field) {
        JsonNode n = b.get(field);
        if (n != null && !n.isNull() && !n.isTextual()) {
            throw PlatformException.invalid("'" + field + "' must be a string: the ciphertext the SDK made (v2:KEYVERSION:HEX "
                    + "or the seed format's hex); the server takes no plaintext");
        }
        return text(b, field);
    }

    private static Boolean bool(ObjectNode b, String field) {
        JsonNode n = b.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isBoolean()) {
            throw PlatformException.invalid("'" + field + "' must be true or false");
        }
        return n.asBoolean();
    }

    private static Integer integer(ObjectNode b, String field) {
        JsonNode n = b.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw PlatformException.invalid("'" + field + "' must be a whole number");
        }
        return n.asInt();
    }

    /** The entry as stored: ciphertexts, {@code encrypted: true}. */
    static Map<String, Object> view(CredentialEntry e) {
        Map<String, Object> m = base(e);
        for (String f : EntryFields.SECRET) {
            m.put(f, e.ciphertext(f));
        }
        m.put("encrypted", true);
        return order(m);
    }

    /** The entry with its values decrypted by the server: {@code encrypted: false}. */
    static Map<String, Object> view(DecryptedEntry d) {
        Map<String, Object> m = base(d.entry());
        for (String f : EntryFields.SECRET) {
            m.put(f, d.values().get(f));
        }
        m.put("encrypted", false);
        return order(m);
    }

    private static Map<String, Object> base(CredentialEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id().toString());
        m.put("project", e.project());
        m.put("domain", e.domain());
        m.put("permissioned_user_id", e.permissionedUserId());
        m.put("user_alias", e.userAlias());
        m.put("tfa_method", e.tfaMethod() == null ? null : e.tfaMethod().name());
        m.put("persist_cookies", e.persistCookies());
        m.put("persist_local_storage", e.persistLocalStorage());
        m.put("persist_session_storage", e.persistSessionStorage());
        m.put("allow_multiple_sessions", e.allowMultipleSessions());
        m.put("max_concurrency", e.maxConcurrency());
        m.put("prevent_concurrency_during_login", e.preventConcurrencyDuringLogin());
        m.put("expire_after_last_use_days", e.expireAfterLastUseDays());
        m.put("vault", e.vault() == null ? null : vaultView(e.vault()));
        m.put("created_at", e.createdAt() == null ? null : e.createdAt().toString());
        m.put("updated_at", e.updatedAt() == null ? null : e.updatedAt().toString());
        m.put("last_used_at", e.lastUsedAt() == null ? null : e.lastUsedAt().toString());
        return m;
    }

    private static Map<String, Object> vaultView(VaultSource v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("config", v.config());
        m.put("path", v.path());
        m.put("keys", v.keys());
        return m;
    }

    /** The contract's field order, for people reading answers. */
    private static Map<String, Object> order(Map<String, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String k : List.of("id", "project", "domain", "permissioned_user_id", "user_alias", "user_name", "password", "tfa_secret",
                "tfa_method", "persist_cookies", "persist_local_storage", "persist_session_storage", "allow_multiple_sessions",
                "max_concurrency", "prevent_concurrency_during_login", "expire_after_last_use_days", "proxy", "vault", "created_at",
                "updated_at", "last_used_at", "encrypted")) {
            out.put(k, m.get(k));
        }
        return out;
    }
}
