/**
 * The KV secrets engine, versions 1 and 2: {@link org.flowvault.vault.client.kv.KvOperations}
 * from {@code client.kv(mount)}, with versions, check-and-set, soft delete and metadata on
 * {@link org.flowvault.vault.client.kv.KvV2Operations}.
 *
 * @see <a href="https://developer.hashicorp.com/vault/docs/secrets/kv">KV secrets engine</a>
 */
package org.flowvault.vault.client.kv;
