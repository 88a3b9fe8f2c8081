/**
 * Administration of the AppRole auth method: roles, role IDs and secret IDs. Logging in with
 * AppRole is in {@code org.flowvault.vault.client.auth}.
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/approle">AppRole auth method API</a>
 */
package org.flowvault.vault.client.approle;
