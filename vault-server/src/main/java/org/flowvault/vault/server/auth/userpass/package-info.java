/**
 * The userpass auth method ({@link org.flowvault.vault.server.auth.userpass.UserpassBackend}): users
 * with PBKDF2-hashed passwords and their token parameters.
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/userpass">Userpass auth method (API)</a>
 */
package org.flowvault.vault.server.auth.userpass;
