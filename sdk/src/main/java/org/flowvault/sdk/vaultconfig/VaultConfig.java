package org.flowvault.sdk.vaultconfig;

import java.time.Instant;

/**
 * A vault configuration as the server shows it: never its credentials, only which are set.
 *
 * @param authMethod  e.g. {@code user_token}, {@code approle} (as the API writes it)
 * @param kvVersion   {@code auto}, {@code 1} or {@code 2}
 * @param credentials which credentials are set, or null when the caller may not know
 */
public record VaultConfig(String id, String name, String url, boolean enabled, String caCertificate, String namespace,
                          String authMethod, String authMount, String kvMount, String kvVersion, Scope scope, boolean autoRenew,
                          Long renewalThresholdSeconds, Long cacheTtlSeconds, boolean serveStaleOnError, CredentialsSet credentials,
                          Instant createdAt, Instant updatedAt) {

    /** Which credentials a configuration holds, and whether they suffice for its auth method. */
    public record CredentialsSet(boolean roleIdSet, boolean secretIdSet, boolean usernameSet, boolean passwordSet,
                                 boolean tokenSet, boolean complete) {
    }
}
