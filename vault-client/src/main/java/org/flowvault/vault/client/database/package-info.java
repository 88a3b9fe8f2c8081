/**
 * The database secrets engine: connection configurations, roles, and dynamic credentials issued
 * under a lease (renew and revoke them with {@link org.flowvault.vault.client.lease.LeaseOperations}).
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/secret/databases">Database secrets engine API</a>
 */
package org.flowvault.vault.client.database;
