package org.flowvault.vault.client.approle;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.flowvault.vault.client.internal.Json;

/**
 * A new secret ID: the credential itself (a secret) and its accessor (to look it up or destroy it
 * without knowing it). Immutable; {@link #toString()} prints only the type name.
 */
public final class GeneratedSecretId {
    private final String secretId;
    private final String accessor;
    private final Duration ttl;
    private final int numUses;

    private GeneratedSecretId(String secretId, String accessor, Duration ttl, int numUses) {
        this.secretId = secretId;
        this.accessor = accessor;
        this.ttl = ttl;
        this.numUses = numUses;
    }

    static GeneratedSecretId from(JsonNode d) {
        return new GeneratedSecretId(Json.text(d, "secret_id"), Json.text(d, "secret_id_accessor"),
                Json.duration(d, "secret_id_ttl"), (int) Json.longValue(d, "secret_id_num_uses"));
    }

    /** The secret ID: hand it to the machine that logs in, and to nothing else. */
    public String secretId() {
        return secretId;
    }

    public String accessor() {
        return accessor;
    }

    /** Its lifetime; zero for unlimited. */
    public Duration ttl() {
        return ttl;
    }

    /** Logins it allows; 0 for unlimited. */
    public int numUses() {
        return numUses;
    }

    @Override
    public String toString() {
        return "GeneratedSecretId";
    }
}
