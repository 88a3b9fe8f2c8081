/**
 * The metrics port ({@link org.flowvault.platform.metrics.PlatformMetrics}): what the platform
 * reports to a metrics registry it does not depend on.
 */
package org.flowvault.platform.metrics;
