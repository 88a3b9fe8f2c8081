/**
 * The system backend: health, initialization and seal, mounts, auth methods, ACL policies.
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/system">System backend API</a>
 */
package org.flowvault.vault.client.sys;
