/**
 * The AppRole auth method ({@link org.flowvault.vault.server.auth.approle.AppRoleBackend}): roles,
 * role IDs, secret IDs (stored under HMACs with a per-role key) and machine login.
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/approle">AppRole auth method (API)</a>
 */
package org.flowvault.vault.server.auth.approle;
