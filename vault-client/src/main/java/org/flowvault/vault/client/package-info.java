/**
 * A typed Java client for the Vault HTTP API (HashiCorp Vault, OpenBao, and Flowvault's embedded
 * server). Start at {@link org.flowvault.vault.client.core.VaultClient}: configure it with a
 * {@link org.flowvault.vault.client.core.VaultClientConfig}, give it an
 * {@link org.flowvault.vault.client.auth.Authentication}, and reach each API area through its
 * operations object ({@code kv}, {@code token}, {@code sys}, {@code appRole}, {@code logical}).
 *
 * <p>This package holds the vocabulary every other package shares: the unchecked
 * {@link org.flowvault.vault.client.VaultException} tree (every failure is one; no token or secret
 * value ever appears in a message or a {@code toString()}), {@link org.flowvault.vault.client.VaultToken},
 * and {@link org.flowvault.vault.client.SessionEvent}. It depends on no other package of the
 * client, and the facade in {@code core} is the only package that depends on the others, so the
 * packages form no cycle. Dependencies: the JDK and Jackson databind only.
 */
package org.flowvault.vault.client;
