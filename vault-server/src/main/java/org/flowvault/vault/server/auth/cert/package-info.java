/**
 * The TLS certificate auth method ({@link org.flowvault.vault.server.auth.cert.CertBackend}):
 * trusted certificates with allowed names and token parameters, and login over mutual TLS.
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/cert">TLS certificate auth method (API)</a>
 */
package org.flowvault.vault.server.auth.cert;
