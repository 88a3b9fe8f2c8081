/**
 * The machinery behind the public API: the HTTP transport ({@link
 * org.flowvault.vault.client.internal.HttpVaultTransport}) on the client's own blocking HTTP/1.1
 * connection pool, JSON conversions, path handling and TLS set-up. Public only so that the
 * client's own packages can reach it; not part of the API, and it may change without notice.
 */
package org.flowvault.vault.client.internal;
