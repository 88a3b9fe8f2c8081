package org.flowvault.sdk.credential;

import java.time.Instant;

/**
 * One version of a project's credential key, as the server lists it (never the key itself).
 *
 * @param version     1, 2, ...
 * @param createdAt   when it was generated or imported
 * @param retired     whether it no longer decrypts (after a re-encryption)
 * @param current     whether it encrypts new fields
 * @param fingerprint the key's {@link CredentialKey#fingerprint()}, or null when the server does not give it
 */
public record KeyVersion(int version, Instant createdAt, boolean retired, boolean current, String fingerprint) {
}
