/**
 * The SDK's client: {@link org.flowvault.sdk.core.Flowvault}, built once per server and identity,
 * and the package-private HTTP transport and templates behind each operations interface
 * ({@code credential}, {@code flow}, {@code identity}, {@code connection}, {@code vaultconfig},
 * {@code audit}). Thread-safe; failures are {@link org.flowvault.sdk.FlowvaultException}s.
 */
package org.flowvault.sdk.core;
