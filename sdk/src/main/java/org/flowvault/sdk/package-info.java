/**
 * The Flowvault SDK's shared vocabulary: {@link org.flowvault.sdk.Secret}, which never prints its
 * value, and the unchecked {@link org.flowvault.sdk.FlowvaultException} tree every call reports
 * failures with. Start at {@link org.flowvault.sdk.core.Flowvault}. This package depends on no other
 * package of the SDK; the facade in {@code core} is the only package that depends on the others,
 * so the packages form no cycle.
 */
package org.flowvault.sdk;
