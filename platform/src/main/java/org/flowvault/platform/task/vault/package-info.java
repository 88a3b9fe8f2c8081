/**
 * The VAULT task: KV v1/v2 and generic logical calls through the run's Vault identity. See
 * {@link org.flowvault.platform.task.vault.VaultTask}.
 */
package org.flowvault.platform.task.vault;
