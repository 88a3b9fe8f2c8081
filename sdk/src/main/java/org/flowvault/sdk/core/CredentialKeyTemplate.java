package org.flowvault.sdk.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.flowvault.sdk.ServerException;
import org.flowvault.sdk.credential.CredentialKey;
import org.flowvault.sdk.credential.CredentialKeyOperations;
import org.flowvault.sdk.credential.KeyVersion;
import org.flowvault.sdk.credential.NewCredentialKey;
import org.flowvault.sdk.credential.Reencryption;

/** {@link CredentialKeyOperations} over the REST API. */
final class CredentialKeyTemplate implements CredentialKeyOperations {
    private final Transport http;
    private final String project;
    private final CredentialKeyring keyring;

    CredentialKeyTemplate(Transport http, String project, CredentialKeyring keyring) {
        this.http = http;
        this.project = project;
        this.keyring = keyring;
    }

    private ApiPath key() {
        return ApiPath.of("projects", project, "credential-key");
    }

    @Override
    public List<KeyVersion> versions() {
        return ResponseJson.list(http.get(key()), "versions", v -> new KeyVersion(v.path("version").asInt(), ResponseJson.instant(v, "created_at"),
                ResponseJson.bool(v, "retired"), ResponseJson.bool(v, "current"), ResponseJson.text(v, "fingerprint")));
    }

    @Override
    public NewCredentialKey generate() {
        return shown(http.post(key(), Map.of()));
    }

    @Override
    public int importKey(CredentialKey k) {
        JsonNode n = http.post(key(), Map.of("import", k.toHex()));
        keyring.forget(project);
        return n.path("version").asInt();
    }

    @Override
    public NewCredentialKey rotate() {
        return shown(http.post(key().then("rotate"), Map.of()));
    }

    @Override
    public Reencryption reencrypt() {
        JsonNode n = http.post(ApiPath.of("projects", project, "credentials", "reencrypt"), Map.of());
        keyring.forget(project);
        return new Reencryption(n.path("reencrypted").asInt(), ResponseJson.list(n, "retired_versions", JsonNode::asInt));
    }

    private NewCredentialKey shown(JsonNode n) {
        keyring.forget(project);
        String hex = ResponseJson.text(n, "key");
        if (hex == null) {
            throw new ServerException(200, "NO_KEY", "the server's answer has no key to show");
        }
        return new NewCredentialKey(n.path("version").asInt(), CredentialKey.fromHex(hex));
    }
}
