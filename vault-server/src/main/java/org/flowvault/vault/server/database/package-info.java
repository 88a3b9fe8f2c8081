/**
 * Vault's database secrets engine for PostgreSQL and MySQL/MariaDB: connection configurations
 * ({@code config/NAME}, root credentials write-only, {@code rotate-root/NAME}), roles
 * ({@code roles/NAME}) and dynamic credentials ({@code creds/NAME}): a new database user per read,
 * issued under a lease that the lease manager renews and revokes (the user is dropped). Static
 * roles are out of scope. Plain JDBC, one connection per operation.
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/secret/databases">Database secrets engine API</a>
 */
package org.flowvault.vault.server.database;
