package org.flowvault.sdk.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.flowvault.sdk.Secret;
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
        return ResponseJson.list(http.get(configs()), "vault_configs", VaultConfigTemplate::config);
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
        return new ConnectionTest(ResponseJson.text(n, "configuration"), ResponseJson.bool(n, "ok"), ResponseJson.text(n, "outcome"), ResponseJson.text(n, "message"),
                ResponseJson.map(n.get("capabilities")));
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
        return ResponseJson.list(http.get(configs().then(name).then("tokens")), "tokens", VaultConfigTemplate::token);
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
        return new SecretWrite(ResponseJson.text(n, "configuration"), ResponseJson.text(n, "path"), ResponseJson.longValue(n, "version"), ResponseJson.strings(n, "keys"));
    }

    private static Map<String, Object> body(VaultConfigRequest r) {
        Object scope = r.scope() == null ? null : r.scope().platform() ? "platform" : r.scope().projects();
        return ResponseJson.body("name", r.name(), "url", r.url() == null ? null : r.url().toString(), "enabled", r.enabled(),
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
        return ResponseJson.body("role_id", c.roleId(), "secret_id", reveal(c.secretId()), "username", c.username(),
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
                : s.isArray() && !s.isEmpty() ? Scope.projects(ResponseJson.list(n, "scope", JsonNode::asText)) : null;
        JsonNode c = n.get("credentials");
        VaultConfig.CredentialsSet creds = c == null || !c.isObject() ? null : new VaultConfig.CredentialsSet(ResponseJson.bool(c, "role_id_set"),
                ResponseJson.bool(c, "secret_id_set"), ResponseJson.bool(c, "username_set"), ResponseJson.bool(c, "password_set"), ResponseJson.bool(c, "token_set"),
                ResponseJson.bool(c, "client_certificate_set"), ResponseJson.bool(c, "private_key_set"), ResponseJson.bool(c, "complete"));
        JsonNode st = n.get("status");
        VaultConfig.IdentityStatus status = st == null || !st.isObject() ? null : new VaultConfig.IdentityStatus(
                ResponseJson.instant(st, "last_login_at"), ResponseJson.instant(st, "last_renewal_at"), ResponseJson.instant(st, "last_error_at"),
                ResponseJson.text(st, "last_error"), ResponseJson.text(st, "token_state"), ResponseJson.instant(st, "token_expires_at"),
                ResponseJson.instant(st, "hard_expires_at"), ResponseJson.text(st, "warning"));
        return new VaultConfig(ResponseJson.text(n, "id"), ResponseJson.text(n, "name"), ResponseJson.text(n, "url"), ResponseJson.bool(n, "enabled"),
                ResponseJson.text(n, "ca_certificate"), ResponseJson.text(n, "namespace"), ResponseJson.text(n, "auth_method"), ResponseJson.text(n, "auth_mount"),
                ResponseJson.text(n, "auth_namespace"), ResponseJson.text(n, "auth_role"), ResponseJson.text(n, "jwt_file"), ResponseJson.text(n, "jwt_env_variable"),
                ResponseJson.text(n, "kv_mount"), ResponseJson.text(n, "kv_version"), scope, ResponseJson.bool(n, "auto_renew"),
                ResponseJson.longValue(n, "renewal_threshold_seconds"), ResponseJson.longValue(n, "cache_ttl_seconds"), ResponseJson.bool(n, "serve_stale_on_error"),
                creds, status, ResponseJson.instant(n, "created_at"), ResponseJson.instant(n, "updated_at"));
    }

    private static TokenStatus token(JsonNode n) {
        return new TokenStatus(ResponseJson.text(n, "configuration"), ResponseJson.text(n, "username"), ResponseJson.text(n, "state"),
                ResponseJson.instant(n, "expires_at"), ResponseJson.instant(n, "hard_expires_at"), ResponseJson.boolOrNull(n, "renewable"),
                ResponseJson.strings(n, "policies"), ResponseJson.instant(n, "registered_at"), ResponseJson.instant(n, "last_renewal_at"),
                ResponseJson.text(n, "last_error"), ResponseJson.text(n, "warning"), ResponseJson.instant(n, "next_attempt_at"));
    }
}
