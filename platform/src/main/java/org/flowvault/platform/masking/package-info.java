/**
 * Scrubbing secret values from execution logs and outputs: a {@link org.flowvault.platform.masking.Masker}
 * per run knows the secret values the run resolved and replaces them, and their base64,
 * URL-encoded and JSON-escaped forms, wherever they appear.
 */
package org.flowvault.platform.masking;
