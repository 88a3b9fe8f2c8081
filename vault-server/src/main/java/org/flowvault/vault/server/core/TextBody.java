package org.flowvault.vault.server.core;

/** A {@link Response#raw} body written as text with its own content type instead of JSON (sys/metrics in Prometheus format). */
public record TextBody(String contentType, String text) {
}
