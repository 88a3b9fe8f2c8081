/**
 * Metrics: the Micrometer/Prometheus side of the platform's metrics port
 * ({@link org.flowvault.server.metrics.PrometheusMetrics}) and the {@code /metrics} route, open by
 * default or behind an operator's bearer token ({@link org.flowvault.server.metrics.MetricsRoutes}).
 */
package org.flowvault.server.metrics;
