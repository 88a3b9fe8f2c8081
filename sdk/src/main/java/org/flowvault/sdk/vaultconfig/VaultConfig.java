package org.flowvault.sdk.vaultconfig;

import java.time.Instant;

/**
 * A vault configuration as the server shows it: never its credentials, only which are set.
 *
 * @param authMethod  e.g. {@code user_token}, {@code approle} (as the API writes it)
 * @param kvVersion   {@code auto}, {@code 1} or {@code 2}
 * @param credentials which credentials are set, or null when the caller may not know
 * @param status      the machine/shared identity's last login, renewal and error (admins), else null
 */
public record VaultConfig(String id, String name, String url, boolean enabled, String caCertificate, String namespace,
                          String authMethod, String authMount, String authNamespace, String authRole, String jwtFile,
                          String jwtEnvVariable, String kvMount, String kvVersion, Scope scope, boolean autoRenew,
                          Long renewalThresholdSeconds, Long cacheTtlSeconds, boolean serveStaleOnError, CredentialsSet credentials,
                          IdentityStatus status, Instant createdAt, Instant updatedAt) {

    /** Which credentials a configuration holds, and whether they suffice for its auth method. */
    public record CredentialsSet(boolean roleIdSet, boolean secretIdSet, boolean usernameSet, boolean passwordSet,
                                 boolean tokenSet, boolean clientCertificateSet, boolean privateKeySet, boolean complete) {
    }

    /** How the identity is doing, as every server node recorded it; never a token. */
    public record IdentityStatus(Instant lastLoginAt, Instant lastRenewalAt, Instant lastErrorAt, String lastError, String tokenState,
                                 Instant tokenExpiresAt, Instant hardExpiresAt, String warning) {
    }
}
