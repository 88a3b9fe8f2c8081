/**
 * The LDAP auth method ({@link org.flowvault.vault.server.auth.ldap.LdapBackend}): bind to a
 * directory as the user (UnboundID LDAP SDK), find the user's groups with a Go-template filter,
 * map groups and users to policies.
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/ldap">LDAP auth method (API)</a>
 */
package org.flowvault.vault.server.auth.ldap;
