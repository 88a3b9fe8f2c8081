/**
 * Generic read, write, list and delete at any API path, for engines without a typed API.
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs">Vault HTTP API</a>
 */
package org.flowvault.vault.client.logical;
