/**
 * The client itself: {@link org.flowvault.vault.client.core.VaultClient}, built from a
 * {@link org.flowvault.vault.client.core.VaultClientConfig}, and the one place that creates every
 * operations object (the KV, token, sys, AppRole, database, lease, logical and event APIs each live
 * in their own package and are reached only through the client). Thread-safe; failures are
 * {@link org.flowvault.vault.client.VaultException}s.
 */
package org.flowvault.vault.client.core;
