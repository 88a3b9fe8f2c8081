package org.flowvault.sdk.identity;

import java.time.Instant;
import org.flowvault.sdk.Secret;

/** A password login's session: its token (use it like an API key) until {@code expiresAt}. */
public record Session(Secret token, Instant expiresAt, User user) {
}
