package org.flowvault.vault.client.kv;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flowvault.vault.client.VaultException;
import org.flowvault.vault.client.internal.Access;
import org.flowvault.vault.client.internal.ApiPaths;
import org.flowvault.vault.client.internal.ClientJson;
import org.flowvault.vault.client.internal.VaultCalls;

/**
 * KV version 1 at one mount: one value per path, no versions. Obtain it from
 * {@link org.flowvault.vault.client.core.VaultClient#kv(String)}. Immutable and thread-safe.
 *
 * <p>Nulls: arguments are required unless a parameter says null is allowed; results are never
 * null unless documented ("or null").
 *
 * <p>Errors: a call Vault refuses or cannot answer throws a {@link org.flowvault.vault.client.VaultException}
 * subclass (each method names the ones it expects); a malformed argument throws
 * {@link IllegalArgumentException} before any request. Messages never carry a secret.
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v1">KV v1 API</a>
 */
public final class KvV1Operations implements KvOperations {
    private final VaultCalls calls;
    private final String mount;

    static {
        Access.operations(KvV1Operations.class, KvV1Operations::new);
    }

    /** Made by {@link org.flowvault.vault.client.core.VaultClient} only (through {@link Access}); {@code mount} is already normalized. */
    KvV1Operations(VaultCalls calls, String mount) {
        this.calls = calls;
        this.mount = mount;
    }

    @Override
    public String mount() {
        return mount;
    }

    @Override
    public KvVersion version() {
        return KvVersion.V1;
    }

    /** @see <a href="https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v1#read-secret">Read secret</a> */
    @Override
    public KvSecret get(String path) {
        JsonNode answer = calls.get(mount + "/" + ApiPaths.path(path));
        return new KvSecret(ClientJson.toMap(answer == null ? null : answer.get("data")), null);
    }

    @Override
    public Optional<KvSecret> find(String path) {
        try {
            return Optional.of(get(path));
        } catch (VaultException.NotFound e) {
            return Optional.empty();
        }
    }

    /** @see <a href="https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v1#create-update-secret">Create/update secret</a> */
    @Override
    public long put(String path, Map<String, ?> data) {
        calls.send("POST", mount + "/" + ApiPaths.path(path), java.util.Objects.requireNonNull(data, "data"));
        return 0;
    }

    /** @see <a href="https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v1#delete-secret">Delete secret</a> */
    @Override
    public void delete(String path) {
        calls.send("DELETE", mount + "/" + ApiPaths.path(path), null);
    }

    /** @see <a href="https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v1#list-secrets">List secrets</a> */
    @Override
    public List<String> list(String path) {
        return KvV2Operations.keys(calls, ApiPaths.join(mount, ApiPaths.relative(path)) + "/");
    }

    @Override
    public String toString() {
        return "KvV1Operations[" + mount + "]";
    }
}
