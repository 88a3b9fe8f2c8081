package org.flowvault.vault.client.kv;

/**
 * The two versions of Vault's KV secrets engine: version 1 keeps one value per path, version 2
 * keeps versions with metadata.
 *
 * <p>Immutable and thread-safe (an enum).
 *
 * <p>Nulls: arguments are required unless a parameter says null is allowed; results are never
 * null unless documented ("or null").
 *
 * <p>Errors: none beyond the argument checks its factories and constructor document; it makes no calls.
 *
 * @see <a href="https://developer.hashicorp.com/vault/docs/secrets/kv">KV secrets engine</a>
 */
public enum KvVersion {
    V1,
    V2
}
