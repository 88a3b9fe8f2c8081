/**
 * The token auth method: create, look up, renew and revoke tokens.
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/token">Token auth method API</a>
 */
package org.flowvault.vault.client.token;
