package org.flowvault.vault.client.sys;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.flowvault.vault.client.VaultToken;
import org.flowvault.vault.client.internal.Json;

/**
 * What initializing Vault returns once and never again: the unseal key shares and the initial
 * root token. Immutable; {@link #toString()} prints only the type name.
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/system/init#start-initialization">sys/init</a>
 */
public final class InitResult {
    private final List<String> keys;
    private final List<String> keysBase64;
    private final VaultToken rootToken;

    private InitResult(List<String> keys, List<String> keysBase64, VaultToken rootToken) {
        this.keys = keys;
        this.keysBase64 = keysBase64;
        this.rootToken = rootToken;
    }

    static InitResult from(JsonNode b) {
        return new InitResult(Json.strings(b.get("keys")), Json.strings(b.get("keys_base64")), VaultToken.of(Json.text(b, "root_token")));
    }

    /** The unseal key shares, hex-encoded. */
    public List<String> keys() {
        return keys;
    }

    /** The same shares, base64-encoded. */
    public List<String> keysBase64() {
        return keysBase64;
    }

    public VaultToken rootToken() {
        return rootToken;
    }

    @Override
    public String toString() {
        return "InitResult";
    }
}
