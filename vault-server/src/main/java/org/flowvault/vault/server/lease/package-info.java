/**
 * Vault's leases for secrets (not tokens): every leased answer of a secrets engine (database
 * credentials) is registered here, stored behind the barrier under {@code sys/expire/id/}, renewed
 * and revoked through {@code sys/leases/*}, and revoked by the expiry manager at its TTL.
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/system/leases">sys/leases API</a>
 */
package org.flowvault.vault.server.lease;
