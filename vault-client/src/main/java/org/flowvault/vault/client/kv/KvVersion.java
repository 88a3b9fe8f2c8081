package org.flowvault.vault.client.kv;

/**
 * The two versions of Vault's KV secrets engine: version 1 keeps one value per path, version 2
 * keeps versions with metadata.
 *
 * @see <a href="https://developer.hashicorp.com/vault/docs/secrets/kv">KV secrets engine</a>
 */
public enum KvVersion {
    V1,
    V2
}
