/**
 * The embedded server's configuration file: the HCL or JSON file that {@code vault server -config=FILE}
 * reads, narrowed to what Flowvault serves (one storage backend, one TCP listener, lease TTLs).
 *
 * <p>Start at {@link org.flowvault.vault.server.config.ServerConfig#parse(java.nio.file.Path)}.
 * Settings Vault knows but Flowvault does not use are accepted and reported in
 * {@link org.flowvault.vault.server.config.ServerConfig#warnings()}, so an existing Vault config file
 * can be pointed at Flowvault unchanged.
 *
 * @see <a href="https://developer.hashicorp.com/vault/docs/configuration">Vault configuration parameters</a>
 */
package org.flowvault.vault.server.config;
