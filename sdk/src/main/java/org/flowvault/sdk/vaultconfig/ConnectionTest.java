package org.flowvault.sdk.vaultconfig;

import java.util.Map;

/**
 * The outcome of testing a configuration: logging in with its identity (or the caller's token)
 * and checking capabilities. The server never echoes Vault's answer bodies.
 *
 * @param outcome e.g. {@code ok}, {@code unreachable}, {@code login_failed}
 */
public record ConnectionTest(String configuration, boolean ok, String outcome, String message, Map<String, Object> capabilities) {
    public ConnectionTest {
        capabilities = capabilities == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(capabilities));
    }
}
