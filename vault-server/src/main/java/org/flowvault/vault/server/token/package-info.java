/**
 * Tokens: the store that issues, renews and revokes them ({@link org.flowvault.vault.server.token.TokenStore},
 * with parent/child trees and Vault's TTL arithmetic) and the {@code auth/token/} mount that exposes it
 * ({@link org.flowvault.vault.server.token.TokenBackend}).
 *
 * <p>Storage keys are SHA-256 hashes of token ids and accessors; no token ever appears in a key.
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/token">Token auth method (API)</a>
 */
package org.flowvault.vault.server.token;
