package org.flowvault.sdk.flow;

/**
 * One input a flow declares.
 *
 * @param type e.g. {@code string}, {@code number}, {@code boolean}, {@code credential}
 */
public record FlowInput(String name, String type, boolean required, boolean sensitive, String description) {
}
