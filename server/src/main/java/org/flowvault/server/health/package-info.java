/** Liveness and readiness probes ({@link org.flowvault.server.health.HealthRoutes}). */
package org.flowvault.server.health;
