/**
 * A typed Java client for the Vault HTTP API (HashiCorp Vault, OpenBao, and Flowvault's embedded
 * server). Start at {@link org.flowvault.vault.client.core.VaultClient}: configure it with a
 * {@link org.flowvault.vault.client.core.VaultClientConfig}, give it an
 * {@link org.flowvault.vault.client.auth.Authentication}, and reach each API area through its
 * operations object ({@code kv}, {@code token}, {@code sys}, {@code appRole}, {@code logical}).
 *
 * <p>Every failure is an unchecked {@link org.flowvault.vault.client.VaultException}; no token or
 * secret value ever appears in a message or a {@code toString()}. Dependencies: the JDK and
 * Jackson databind only.
 */
package org.flowvault.vault.client;
