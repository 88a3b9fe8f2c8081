package org.flowvault.sdk.flow;

/**
 * The outcome of applying a flow document.
 *
 * @param created whether it became a new version (false: the same document was already the latest)
 */
public record AppliedFlow(boolean created, Flow flow) {
}
