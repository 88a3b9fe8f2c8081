/**
 * The Logback side of masking: {@link org.flowvault.cli.logging.MaskingPatternLayoutEncoder}
 * writes every log line of the process through the platform's process-wide masker.
 */
package org.flowvault.cli.logging;
