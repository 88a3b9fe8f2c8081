/**
 * The machinery behind the public API: the HTTP transport on {@code java.net.http.HttpClient},
 * JSON conversions, path handling and TLS set-up. Public only so that the client's own packages
 * can reach it; not part of the API, and it may change without notice.
 */
package org.flowvault.vault.client.internal;
