package org.flowvault.vault.client.token;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.flowvault.vault.client.VaultException;
import org.flowvault.vault.client.VaultToken;
import org.flowvault.vault.client.internal.Json;

/**
 * A token Vault issued or renewed, with its lease (the {@code auth} block of the answer).
 * Immutable. {@link #toString()} shows the policies and TTL, never the token or its accessor.
 */
public final class IssuedToken {
    private final VaultToken token;
    private final String accessor;
    private final List<String> policies;
    private final Map<String, String> metadata;
    private final Duration ttl;
    private final boolean renewable;
    private final boolean orphan;
    private final String tokenType;
    private final String entityId;

    private IssuedToken(JsonNode auth) {
        this.token = VaultToken.of(Json.text(auth, "client_token"));
        this.accessor = Json.text(auth, "accessor");
        this.policies = Json.strings(auth.get("policies"));
        this.metadata = Json.stringMap(auth.get("metadata"));
        this.ttl = Json.duration(auth, "lease_duration");
        this.renewable = Json.bool(auth, "renewable");
        this.orphan = Json.bool(auth, "orphan");
        this.tokenType = Json.text(auth, "token_type");
        this.entityId = Json.text(auth, "entity_id");
    }

    static IssuedToken from(JsonNode answer, String path) {
        JsonNode auth = answer == null ? null : answer.get("auth");
        if (auth == null || !auth.isObject() || Json.text(auth, "client_token") == null) {
            throw new VaultException("Vault's answer to " + path + " carries no auth block", 200, path, List.of());
        }
        return new IssuedToken(auth);
    }

    public VaultToken token() {
        return token;
    }

    /** The accessor: looks up and revokes the token without knowing it. */
    public String accessor() {
        return accessor;
    }

    public List<String> policies() {
        return policies;
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    /** The lease; zero for a token that never expires (root). */
    public Duration ttl() {
        return ttl;
    }

    public boolean renewable() {
        return renewable;
    }

    public boolean orphan() {
        return orphan;
    }

    /** "service" or "batch". */
    public String tokenType() {
        return tokenType;
    }

    /** The identity entity, or null. */
    public String entityId() {
        return entityId;
    }

    @Override
    public String toString() {
        return "IssuedToken[policies=" + policies + ", ttl=" + ttl + ", renewable=" + renewable + "]";
    }
}
