/**
 * The HTTP task: one request with {@code java.net.http.HttpClient}, authentication from the
 * connection's inputs, cookies kept across the steps of a run. See
 * {@link org.flowvault.platform.task.http.HttpTask}.
 */
package org.flowvault.platform.task.http;
