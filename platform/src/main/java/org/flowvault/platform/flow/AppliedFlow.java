package org.flowvault.platform.flow;

/**
 * What {@link FlowStore#apply} did.
 *
 * @param flow    the version now current
 * @param created true when the document differed and became a new version; false when it equals the
 *                latest version (nothing was written)
 */
public record AppliedFlow(StoredFlow flow, boolean created) {
}
