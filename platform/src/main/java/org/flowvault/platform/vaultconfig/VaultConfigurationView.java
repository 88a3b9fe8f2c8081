package org.flowvault.platform.vaultconfig;

import java.time.Instant;

/**
 * A configuration as the API returns it.
 *
 * @param config      the configuration (holds no credential)
 * @param credentials which credentials are set; null when the reader is a member (members see the
 *                    configuration, not how its identity is set up)
 * @param identity    how its machine or shared identity is doing (last login, renewal, error); null for
 *                    USER_TOKEN configurations and when the reader is a member
 * @param createdAt   when it was created
 * @param updatedAt   when it or its credentials last changed
 */
public record VaultConfigurationView(VaultConfiguration config, CredentialStatus credentials, IdentityStatus identity,
                              Instant createdAt, Instant updatedAt) {
}
