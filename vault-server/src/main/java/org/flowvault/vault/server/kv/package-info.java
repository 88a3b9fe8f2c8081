/**
 * The KV secrets engine, versions 1 and 2, wire-compatible with Vault's {@code kv} plugin.
 *
 * <p>Start at {@link org.flowvault.vault.server.kv.KvBackends#create}. KV v1 keeps each secret
 * as one JSON object at its own path. KV v2 keeps, per key, one entry with the key's metadata and
 * the data of its current version (so reading the latest version is one storage get), plus one
 * entry per older version; see {@code VersionedStore} for the layout. Times come from the mount's
 * clock and are printed as Go's RFC 3339 with nanoseconds, as Vault does.
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2">KV v2 API</a>
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v1">KV v1 API</a>
 */
package org.flowvault.vault.server.kv;
