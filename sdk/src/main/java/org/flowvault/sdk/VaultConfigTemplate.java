package org.flowvault.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.flowvault.sdk.vaultconfig.ConnectionTest;
import org.flowvault.sdk.vaultconfig.Scope;
import org.flowvault.sdk.vaultconfig.SecretWrite;
import org.flowvault.sdk.vaultconfig.TokenStatus;
import org.flowvault.sdk.vaultconfig.VaultConfig;
import org.flowvault.sdk.vaultconfig.VaultConfigOperations;
import org.flowvault.sdk.vaultconfig.VaultConfigRequest;
import org.flowvault.sdk.vaultconfig.VaultCredentials;

/** {@link VaultConfigOperations} over the REST API. */
final class VaultConfigTemplate implements VaultConfigOperations {
    private final Transport http;

    VaultConfigTemplate(Transport http) {
        this.http = http;
    }

    private static ApiPath configs() {
        return ApiPath.of("vault-configs");
    }

    @Override
    public List<VaultConfig> list() {
        return Json.list(http.get(configs()), "vault_configs", VaultConfigTemplate::config);
    }

    @Override
    public VaultConfig get(String name) {
        return config(http.get(configs().then(name)));
    }

    @Override
    public VaultConfig create(VaultConfigRequest request) {
        if (request.name() == null || request.url() == null) {
            throw new IllegalArgumentException("a new vault configuration needs a name and a URL, e.g. https://vault.example.com:8200");
        }
        return config(http.post(configs(), body(request)));
    }

    @Override
    public VaultConfig update(String name, VaultConfigRequest changes) {
        return config(http.put(configs().then(name), body(Objects.requireNonNull(changes, "changes"))));
    }

    @Override
    public void delete(String name) {
        http.delete(configs().then(name));
    }

    @Override
    public VaultConfig setCredentials(String name, VaultCredentials credentials) {
        return config(http.put(configs().then(name).then("credentials"), credentials(Objects.requireNonNull(credentials, "credentials"))));
    }

    @Override
    public VaultConfig clearCredentials(String name) {
        return config(http.delete(configs().then(name).then("credentials")));
    }

    @Override
    public ConnectionTest test(String name) {
        JsonNode n = http.post(configs().then(name).then("test"), Map.of());
        return new ConnectionTest(Json.text(n, "configuration"), Json.bool(n, "ok"), Json.text(n, "outcome"), Json.text(n, "message"),
                Json.map(n.get("capabilities")));
    }

    @Override
    public void refresh(String name) {
        http.post(configs().then(name).then("refresh"), Map.of());
    }

    @Override
    public TokenStatus registerToken(String name, Secret token) {
        return token(http.put(configs().then(name).then("token"), Map.of("token", Objects.requireNonNull(token, "token").reveal())));
    }

    @Override
    public TokenStatus tokenStatus(String name) {
        return token(http.get(configs().then(name).then("token")));
    }

    @Override
    public List<TokenStatus> tokenStatuses(String name) {
        return Json.list(http.get(configs().then(name).then("tokens")), "tokens", VaultConfigTemplate::token);
    }

    @Override
    public void forgetToken(String name) {
        http.delete(configs().then(name).then("token"));
    }

    @Override
    public SecretWrite writeSecret(String name, String project, String path, Map<String, ?> data) {
        if (data == null || data.isEmpty()) {
            throw new IllegalArgumentException("a secret to write has at least one key");
        }
        JsonNode n = http.post(configs().then(name).then("secrets"), Map.of("project", project, "path", path, "data", data));
        return new SecretWrite(Json.text(n, "configuration"), Json.text(n, "path"), Json.longValue(n, "version"), Json.strings(n, "keys"));
    }

    private static Map<String, Object> body(VaultConfigRequest r) {
        Object scope = r.scope() == null ? null : r.scope().platform() ? "platform" : r.scope().projects();
        return Json.body("name", r.name(), "url", r.url() == null ? null : r.url().toString(), "enabled", r.enabled(),
                "ca_certificate", r.caCertificate(), "namespace", r.namespace(),
                "auth_method", r.authMethod() == null ? null : r.authMethod().wireName(), "auth_mount", r.authMount(),
                "auth_namespace", r.authNamespace(), "auth_role", r.authRole(), "jwt_file", r.jwtFile(),
                "jwt_env_variable", r.jwtEnvVariable(), "kv_mount", r.kvMount(), "kv_version", r.kvVersion() == null ? null : r.kvVersion().wireName(), "scope", scope,
                "auto_renew", r.autoRenew(), "renewal_threshold", r.renewalThreshold() == null ? null : r.renewalThreshold().toSeconds(),
                "cache_ttl", r.cacheTtl() == null ? null : r.cacheTtl().toSeconds(), "serve_stale_on_error", r.serveStaleOnError(),
                "revalidation_interval_seconds", r.revalidationInterval() == null ? null : r.revalidationInterval().toSeconds(),
                "credentials", r.credentials() == null ? null : credentials(r.credentials()));
    }

    private static Map<String, Object> credentials(VaultCredentials c) {
        return Json.body("role_id", c.roleId(), "secret_id", reveal(c.secretId()), "username", c.username(),
                "password", reveal(c.password()), "token", reveal(c.token()), "client_certificate", c.clientCertificate(),
                "private_key", reveal(c.privateKey()));
    }

    private static String reveal(Secret s) {
        return s == null ? null : s.reveal();
    }

    private static VaultConfig config(JsonNode n) {
        JsonNode s = n.get("scope");
        Scope scope = s == null || s.isNull() ? null
                : s.isTextual() && s.textValue().equals("platform") ? Scope.platformWide()
                : s.isArray() && !s.isEmpty() ? Scope.projects(Json.list(n, "scope", JsonNode::asText)) : null;
        JsonNode c = n.get("credentials");
        VaultConfig.CredentialsSet creds = c == null || !c.isObject() ? null : new VaultConfig.CredentialsSet(Json.bool(c, "role_id_set"),
                Json.bool(c, "secret_id_set"), Json.bool(c, "username_set"), Json.bool(c, "password_set"), Json.bool(c, "token_set"),
                Json.bool(c, "client_certificate_set"), Json.bool(c, "private_key_set"), Json.bool(c, "complete"));
        JsonNode st = n.get("status");
        VaultConfig.IdentityStatus status = st == null || !st.isObject() ? null : new VaultConfig.IdentityStatus(
                Json.instant(st, "last_login_at"), Json.instant(st, "last_renewal_at"), Json.instant(st, "last_error_at"),
                Json.text(st, "last_error"), Json.text(st, "token_state"), Json.instant(st, "token_expires_at"),
                Json.instant(st, "hard_expires_at"), Json.text(st, "warning"));
        return new VaultConfig(Json.text(n, "id"), Json.text(n, "name"), Json.text(n, "url"), Json.bool(n, "enabled"),
                Json.text(n, "ca_certificate"), Json.text(n, "namespace"), Json.text(n, "auth_method"), Json.text(n, "auth_mount"),
                Json.text(n, "auth_namespace"), Json.text(n, "auth_role"), Json.text(n, "jwt_file"), Json.text(n, "jwt_env_variable"),
                Json.text(n, "kv_mount"), Json.text(n, "kv_version"), scope, Json.bool(n, "auto_renew"),
                Json.longValue(n, "renewal_threshold_seconds"), Json.longValue(n, "cache_ttl_seconds"), Json.bool(n, "serve_stale_on_error"),
                creds, status, Json.instant(n, "created_at"), Json.instant(n, "updated_at"));
    }

    private static TokenStatus token(JsonNode n) {
        return new TokenStatus(Json.text(n, "configuration"), Json.text(n, "username"), Json.text(n, "state"),
                Json.instant(n, "expires_at"), Json.instant(n, "hard_expires_at"), Json.boolOrNull(n, "renewable"),
                Json.strings(n, "policies"), Json.instant(n, "registered_at"), Json.instant(n, "last_renewal_at"),
                Json.text(n, "last_error"), Json.text(n, "warning"), Json.instant(n, "next_attempt_at"));
    }
}
