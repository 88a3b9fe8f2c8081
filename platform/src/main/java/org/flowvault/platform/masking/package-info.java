/**
 * Scrubbing secret values from execution logs, outputs and the process's own logs: a
 * {@link org.flowvault.platform.masking.Masker} per run knows the secret values the run resolved
 * and replaces them wherever they appear — in any case, with {@code -}/{@code _} swapped, and in
 * their URL-encoded, JSON-escaped, quote-doubled, hex and base64 forms; every masker also feeds
 * {@link org.flowvault.platform.masking.ProcessSecrets}, which the logging backend uses to mask
 * every line the process writes.
 */
package org.flowvault.platform.masking;
