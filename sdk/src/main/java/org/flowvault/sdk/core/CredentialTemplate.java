package org.flowvault.sdk.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.flowvault.sdk.NotFoundException;
import org.flowvault.sdk.Secret;
import org.flowvault.sdk.ServerException;
import org.flowvault.sdk.credential.Credential;
import org.flowvault.sdk.credential.CredentialDecryptionException;
import org.flowvault.sdk.credential.CredentialEntry;
import org.flowvault.sdk.credential.CredentialFilter;
import org.flowvault.sdk.credential.CredentialKey;
import org.flowvault.sdk.credential.CredentialKeyOperations;
import org.flowvault.sdk.credential.CredentialOperations;
import org.flowvault.sdk.credential.CredentialProxy;
import org.flowvault.sdk.credential.FieldCipher;
import org.flowvault.sdk.credential.FieldFormat;
import org.flowvault.sdk.credential.FieldId;
import org.flowvault.sdk.credential.TfaMethod;
import org.flowvault.sdk.credential.TotpCode;
import org.flowvault.sdk.credential.VaultReference;

/** {@link CredentialOperations} over the REST API, encrypting and decrypting in this process. */
final class CredentialTemplate implements CredentialOperations {
    private static final List<String> SECRET_FIELDS = List.of("user_name", "password", "tfa_secret", "proxy");

    private final Transport http;
    private final String project;
    private final CredentialKeyring keyring;

    CredentialTemplate(Transport http, String project, CredentialKeyring keyring) {
        this.http = http;
        this.project = project;
        this.keyring = keyring;
    }

    @Override
    public String project() {
        return project;
    }

    private ApiPath entries() {
        return ApiPath.of("projects", project, "credentials");
    }

    @Override
    public Credential create(CredentialEntry entry) {
        Objects.requireNonNull(entry, "entry");
        return read(http.post(entries(), body(entry)), keyring.hasKey());
    }

    @Override
    public List<Credential> get() {
        return get(CredentialFilter.all());
    }

    @Override
    public List<Credential> get(CredentialFilter filter) {
        Objects.requireNonNull(filter, "filter");
        if (filter.decryptCredentials()) {
            keyring.require("decrypting credentials");
        }
        JsonNode answer = http.get(entries().query("domain", filter.domain(), "permissioned_user_id", filter.permissionedUserId(),
                "decrypt", "false"));
        return ResponseJson.list(answer, "credentials", n -> read(n, filter.decryptCredentials()));
    }

    @Override
    public Optional<Credential> find(String domain, String permissionedUserId) {
        return get(filter(domain, permissionedUserId, true)).stream().findFirst();
    }

    @Override
    public Credential getById(String id, boolean decryptCredentials) {
        if (decryptCredentials) {
            keyring.require("decrypting credentials");
        }
        return read(http.get(entries().then(id).query("decrypt", "false")), decryptCredentials);
    }

    @Override
    public Credential update(CredentialEntry entry) {
        Objects.requireNonNull(entry, "entry");
        if (entry.vault() == null && (entry.userName() == null || entry.password() == null)) {
            throw new IllegalArgumentException("an update gives the entry's userName and password (both are replaced); "
                    + "read the entry decrypted and change it with credential.toEntry()");
        }
        return read(http.put(entries(), body(entry)), keyring.hasKey());
    }

    @Override
    public void delete(String domain, String permissionedUserId) {
        Credential c = get(filter(domain, permissionedUserId, false)).stream().findFirst().orElseThrow(() -> new NotFoundException(
                "NOT_FOUND", "project '" + project + "' has no credential entry for domain '" + domain + "' and permissioned user id '"
                        + permissionedUserId + "'"));
        deleteById(c.id());
    }

    @Override
    public void deleteById(String id) {
        http.delete(entries().then(id));
    }

    @Override
    public TotpCode totp(String domain, String permissionedUserId) {
        CredentialFilter f = filter(domain, permissionedUserId, false);
        JsonNode n = http.get(entries().then("totp").query("domain", f.domain(), "permissioned_user_id", f.permissionedUserId()));
        String code = ResponseJson.text(n, "code");
        if (code == null) {
            throw new ServerException(200, "NOT_A_CODE", "the server's TOTP answer has no code");
        }
        return new TotpCode(Secret.of(code), n.path("valid_for_seconds").asInt(), n.path("digits").asInt(code.length()), n.path("period").asInt(30));
    }

    @Override
    public CredentialKeyOperations keys() {
        return new CredentialKeyTemplate(http, project, keyring);
    }

    private static CredentialFilter filter(String domain, String permissionedUserId, boolean decrypt) {
        if (domain == null || domain.isBlank() || permissionedUserId == null || permissionedUserId.isBlank()) {
            throw new IllegalArgumentException("an entry is named by its domain and permissioned user id, both required");
        }
        return new CredentialFilter(domain, permissionedUserId, decrypt);
    }

    // ---------------------------------------------------------------- to the wire

    /** The request body: plain fields as they are, secret fields sealed (nothing in plaintext). */
    private Map<String, Object> body(CredentialEntry e) {
        Map<String, Object> b = ResponseJson.body("domain", e.domain(), "permissioned_user_id", e.permissionedUserId(),
                "user_alias", e.userAlias(), "tfa_method", e.tfaMethod() == null ? null : e.tfaMethod().name(),
                "persist_cookies", e.persistCookies(), "persist_local_storage", e.persistLocalStorage(),
                "persist_session_storage", e.persistSessionStorage(), "allow_multiple_sessions", e.allowMultipleSessions(),
                "max_concurrency", e.maxConcurrency(), "prevent_concurrency_during_login", e.preventConcurrencyDuringLogin(),
                "expire_after_last_use_days", e.expireAfterLastUseDays());
        if (e.vault() != null) {
            b.put("vault", ResponseJson.body("config", e.vault().config(), "path", e.vault().path(), "keys", e.vault().keys()));
        }
        Map<String, String> plain = new LinkedHashMap<>();
        if (e.userName() != null) {
            plain.put("user_name", FieldText.of(e.userName().reveal()));
        }
        if (e.password() != null) {
            plain.put("password", FieldText.of(e.password().reveal()));
        }
        if (e.tfaSecret() != null) {
            plain.put("tfa_secret", FieldText.of(e.tfaSecret().reveal()));
        }
        if (e.proxy() != null) {
            plain.put("proxy", FieldText.of(proxyValue(e.proxy())));
        }
        if (!plain.isEmpty()) {
            CredentialKey key = keyring.require("storing secret fields");
            int version = keyring.format() == FieldFormat.V1 ? 0 : keyring.writeVersion(project, keys()::versions);
            for (Map.Entry<String, String> f : plain.entrySet()) {
                b.put(f.getKey(), version == 0 ? FieldCipher.encryptV1(key, f.getValue())
                        : FieldCipher.encrypt(key, version, new FieldId(project, e.domain(), e.permissionedUserId(), f.getKey()), f.getValue()));
            }
        }
        return b;
    }

    private static Object proxyValue(CredentialProxy p) {
        if (p.url() != null) {
            return p.url();
        }
        return p.targetIp() == null ? Map.of("enable", p.enabled()) : ResponseJson.body("enable", p.enabled(), "target_ip", p.targetIp());
    }

    // ---------------------------------------------------------------- from the wire

    /** An entry from the server's answer, its secret fields decrypted here when {@code decrypt}. */
    private Credential read(JsonNode n, boolean decrypt) {
        String domain = ResponseJson.text(n, "domain");
        String user = ResponseJson.text(n, "permissioned_user_id");
        String owner = Objects.requireNonNullElse(ResponseJson.text(n, "project"), project);
        if (n.path("encrypted").isBoolean() && !n.path("encrypted").booleanValue()) {
            // the SDK always asks for ciphertexts: values the server decrypted (or made up) would bypass
            // the check that each field belongs to this entry, so they are not taken
            throw new ServerException(200, "NOT_ENCRYPTED", "the server answered the credential entry (" + domain + ", " + user
                    + ") decrypted, though the SDK asked for its ciphertexts; refusing values it cannot verify");
        }
        Map<String, String> ciphertexts = new LinkedHashMap<>();
        Map<String, JsonNode> values = new LinkedHashMap<>();
        for (String field : SECRET_FIELDS) {
            JsonNode v = n.get(field);
            if (v == null || v.isNull()) {
                continue;
            }
            FieldId id = new FieldId(owner, String.valueOf(domain), String.valueOf(user), field);
            if (!v.isTextual()) {
                throw new CredentialDecryptionException(id, "the server answered a JSON " + v.getNodeType().name().toLowerCase()
                        + " where the stored ciphertext belongs");
            }
            ciphertexts.put(field, v.textValue());
            if (decrypt) {
                if (!keyring.readsV1() && !FieldCipher.isV2(v.textValue())) {
                    throw new CredentialDecryptionException(id, "it is in format v1, which binds it to no entry, and this client "
                            + "reads v2 only (Flowvault.builder().readV1(false)); re-encrypt the project's entries or read v1");
                }
                values.put(field, FieldText.parse(id, FieldCipher.decrypt(keyring.require("decrypting credentials"), id, v.textValue())));
            }
        }
        return new Credential(ResponseJson.text(n, "id"), owner, domain, user, ResponseJson.text(n, "user_alias"),
                secret(values.get("user_name")), secret(values.get("password")), secret(values.get("tfa_secret")),
                proxy(new FieldId(owner, String.valueOf(domain), String.valueOf(user), "proxy"), values.get("proxy")),
                tfaMethod(ResponseJson.text(n, "tfa_method")), ResponseJson.bool(n, "persist_cookies"), ResponseJson.bool(n, "persist_local_storage"),
                ResponseJson.bool(n, "persist_session_storage"), ResponseJson.bool(n, "allow_multiple_sessions"), ResponseJson.integer(n, "max_concurrency"),
                ResponseJson.bool(n, "prevent_concurrency_during_login"), ResponseJson.integer(n, "expire_after_last_use_days"),
                vault(n.get("vault")), decrypt, ciphertexts,
                ResponseJson.instant(n, "created_at"), ResponseJson.instant(n, "updated_at"), ResponseJson.instant(n, "last_used_at"));
    }

    private static Secret secret(JsonNode v) {
        return v == null ? null : Secret.of(v.isTextual() ? v.textValue() : v.toString());
    }

    private static CredentialProxy proxy(FieldId id, JsonNode v) {
        if (v == null) {
            return null;
        }
        if (v.isTextual()) {
            return CredentialProxy.url(v.textValue());
        }
        if (v.isObject()) {
            String target = ResponseJson.text(v, "target_ip");
            return new CredentialProxy(v.path("enable").asBoolean(target != null), target, null);
        }
        throw new CredentialDecryptionException(id, "a proxy is a JSON object or a URL string; this one is neither");
    }

    private static TfaMethod tfaMethod(String text) {
        if (text == null) {
            return null;
        }
        try {
            return TfaMethod.valueOf(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static VaultReference vault(JsonNode v) {
        if (v == null || !v.isObject()) {
            return null;
        }
        Map<String, String> keys = new LinkedHashMap<>();
        v.path("keys").properties().forEach(k -> keys.put(k.getKey(), k.getValue().asText()));
        return new VaultReference(ResponseJson.text(v, "config"), ResponseJson.text(v, "path"), keys);
    }

    @Override
    public String toString() {
        return "CredentialOperations[project " + project + "]";
    }
}
