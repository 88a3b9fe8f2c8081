/**
 * The JWT auth method ({@link org.flowvault.vault.server.auth.jwt.JwtBackend}): config with PEM
 * keys or a JWKS URL, roles with bound audiences, subject and claims, and JWT login.
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/jwt">JWT/OIDC auth method (API)</a>
 */
package org.flowvault.vault.server.auth.jwt;
