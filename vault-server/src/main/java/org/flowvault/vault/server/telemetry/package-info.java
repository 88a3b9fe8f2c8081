/** The server's telemetry, served by {@code sys/metrics} ({@link org.flowvault.vault.server.telemetry.Telemetry}). */
package org.flowvault.vault.server.telemetry;
