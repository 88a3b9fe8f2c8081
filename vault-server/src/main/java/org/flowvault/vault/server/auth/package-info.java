/**
 * Auth methods: one sub-package per Vault type ({@code approle}, {@code userpass}, {@code ldap}),
 * each exposing only a {@code create(MountContext)} factory. A successful login answers a
 * {@link org.flowvault.vault.server.core.LoginAuth}; the core turns it into a token.
 *
 * <p>What they share lives here: {@link org.flowvault.vault.server.auth.TokenParams}, the
 * {@code token_*} parameters of roles and users, and {@link org.flowvault.vault.server.auth.Cidrs}.
 * No password, secret ID or token is ever put in a storage key, an error message or a log line.
 */
package org.flowvault.vault.server.auth;
