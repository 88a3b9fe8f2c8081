/**
 * How the client gets its Vault token: {@link org.flowvault.vault.client.auth.Authentication} is the
 * one entry point, with a static factory per Vault auth method ({@code token(..)}, {@code appRole()},
 * {@code userpass()}, {@code ldap()}, {@code cert()}, {@code kubernetes()}, {@code jwt()}) returning
 * a validating builder; each result is immutable once built. The login
 * builders share {@link org.flowvault.vault.client.auth.Authentication.LoginBuilder} for the mount
 * and namespace; the login request itself stays inside the client.
 * <ul>
 *   <li>{@link org.flowvault.vault.client.auth.Authentication.Token} — a token the caller has;</li>
 *   <li>{@link org.flowvault.vault.client.auth.Authentication.AppRole} — role id and secret id, given, pulled or wrapped;</li>
 *   <li>{@link org.flowvault.vault.client.auth.Authentication.Password} — user and password, {@code userpass()} or {@code ldap()};</li>
 *   <li>{@link org.flowvault.vault.client.auth.Authentication.Cert} — the TLS client certificate;</li>
 *   <li>{@link org.flowvault.vault.client.auth.Authentication.Kubernetes}, {@link org.flowvault.vault.client.auth.Authentication.Jwt} — a JWT.</li>
 * </ul>
 * Every login method takes a mount path (Vault's defaults otherwise) and an optional namespace to
 * log in in. Credentials never appear in {@code toString()} or in exception messages; a refused
 * login raises {@link org.flowvault.vault.client.VaultException.LoginFailed} naming the method and
 * mount with Vault's own message.
 */
package org.flowvault.vault.client.auth;
