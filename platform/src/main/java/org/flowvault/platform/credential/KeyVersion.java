package org.flowvault.platform.credential;

import java.time.Instant;

/**
 * One version of a project's credential key, as anyone may see it: never the key.
 *
 * @param current whether it encrypts new fields (the newest version that is not retired)
 * @param retired whether it was retired by a re-encryption (it no longer decrypts)
 */
public record KeyVersion(int version, Instant createdAt, boolean retired, boolean current) {
}
