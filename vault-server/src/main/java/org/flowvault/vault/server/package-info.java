/**
 * The embedded Vault-API server. Its packages form layers, and every dependency points down:
 * <ol>
 *   <li><b>Wiring</b>: this package ({@code VaultServer}, {@code ServerServices}, {@code DevKeys}),
 *       which creates everything and fills the core's ports;</li>
 *   <li><b>HTTP</b>: {@code http}, the front door that turns HTTP into {@code core.ApiRequest};</li>
 *   <li><b>Backends and services</b>: {@code auth.*}, {@code kv}, {@code cubbyhole}, {@code sys},
 *       {@code token}, {@code audit}, {@code wrapping}; they may use each other and everything below;</li>
 *   <li><b>Core</b>: {@code core}, the request pipeline, mounts and namespaces, with its ports
 *       ({@code Tokens}, {@code AuditLog}, {@code Wrapping}, {@code SealApi}, {@code CoreServices})
 *       for what it calls but does not implement;</li>
 *   <li><b>Foundation</b>: {@code policy}, {@code namespace}, {@code storage}, {@code barrier},
 *       {@code seal}, {@code telemetry}, {@code config}, {@code internal}.</li>
 * </ol>
 * "Upward" means a dependency from a lower layer to a higher one (e.g. {@code core} importing
 * {@code token}); there is none, and no package cycle. {@code architecture.ArchitectureTest}
 * checks both on the compiled classes.
 */
package org.flowvault.vault.server;
