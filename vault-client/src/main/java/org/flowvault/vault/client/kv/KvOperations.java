package org.flowvault.vault.client.kv;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flowvault.vault.client.VaultException;

/**
 * A KV secrets engine at one mount, version 1 or 2: the operations both versions share. Obtained
 * from {@link org.flowvault.vault.client.core.VaultClient#kv(String)}, which detects the version; paths
 * are relative to the mount ({@code "apps/db"}, not {@code "secret/data/apps/db"}) and the API
 * path is built for the version, nested mounts and namespaces included. Pattern-match on
 * {@link KvV2Operations} for versions and metadata. Implementations are immutable and thread-safe.
 *
 * <p>Nulls: arguments are required unless a parameter says null is allowed; results are never
 * null unless documented ("or null").
 *
 * <p>Errors: a call Vault refuses or cannot answer throws a {@link org.flowvault.vault.client.VaultException}
 * subclass (each method names the ones it expects); a malformed argument throws
 * {@link IllegalArgumentException} before any request. Messages never carry a secret.
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/secret/kv">KV API</a>
 */
public sealed interface KvOperations permits KvV1Operations, KvV2Operations {

    /** The mount, without surrounding slashes ({@code "team/secrets"}). */
    String mount();

    KvVersion version();

    /**
     * Reads the secret (for KV v2, its latest version).
     *
     * @throws VaultException.NotFound when nothing is stored there ({@link SecretNotFound} when the
     *                                 latest KV v2 version is deleted or destroyed)
     * @throws VaultException.PermissionDenied when the token may not read it
     */
    KvSecret get(String path);

    /** As {@link #get(String)}, but empty instead of {@link VaultException.NotFound}. */
    Optional<KvSecret> find(String path);

    /**
     * Writes {@code data} (replacing what was there; a new version on KV v2). Values are anything
     * Jackson writes: strings, numbers, booleans, lists, maps.
     *
     * @return the version written on KV v2; 0 on KV v1
     * @throws VaultException.CasMismatch on KV v2 when the key requires check-and-set (use {@link KvV2Operations#put(String, Map, long)})
     */
    long put(String path, Map<String, ?> data);

    /** Deletes the secret (on KV v2, soft-deletes its latest version). Deleting nothing is not an error. */
    void delete(String path);

    /**
     * The keys directly below {@code path} ("" for the mount root), folders ending in "/"; empty
     * when there are none.
     */
    List<String> list(String path);
}
