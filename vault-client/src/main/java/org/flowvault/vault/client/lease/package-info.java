/**
 * Leases of dynamic secrets (database credentials): look up, renew, revoke, list.
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/system/leases">sys/leases API</a>
 */
package org.flowvault.vault.client.lease;
