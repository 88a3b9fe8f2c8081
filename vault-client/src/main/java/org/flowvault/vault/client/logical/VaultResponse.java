package org.flowvault.vault.client.logical;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flowvault.vault.client.VaultToken;
import org.flowvault.vault.client.internal.ClientJson;

/**
 * Vault's answer envelope: {@code data}, lease, {@code auth}, warnings. Values are plain Java in
 * unmodifiable collections. Immutable; {@link #toString()} prints only the type name, since the
 * data may be secret.
 *
 * <p>Nulls: arguments are required unless a parameter says null is allowed; results are never
 * null unless documented ("or null").
 *
 * <p>Thread-safe (immutable).
 * <p>Errors: none beyond the argument checks its factories and constructor document; it makes no calls.
 */
public final class VaultResponse {
    private static final VaultResponse EMPTY = new VaultResponse(null);

    private final Map<String, Object> data;
    private final Map<String, Object> auth;
    private final String leaseId;
    private final Duration leaseDuration;
    private final boolean renewable;
    private final List<String> warnings;
    private final String wrapToken;

    private VaultResponse(JsonNode answer) {
        this.data = ClientJson.toMap(answer == null ? null : answer.get("data"));
        this.auth = ClientJson.toMap(answer == null ? null : answer.get("auth"));
        this.leaseId = ClientJson.text(answer, "lease_id");
        this.leaseDuration = ClientJson.duration(answer, "lease_duration");
        this.renewable = ClientJson.bool(answer, "renewable");
        this.warnings = ClientJson.strings(answer == null ? null : answer.get("warnings"));
        this.wrapToken = ClientJson.text(answer == null ? null : answer.get("wrap_info"), "token");
    }

    static VaultResponse of(JsonNode answer) {
        return answer == null ? EMPTY : new VaultResponse(answer);
    }

    /** The {@code data} object; empty when the answer had none (204). */
    public Map<String, Object> data() {
        return data;
    }

    /** The {@code auth} object of a login or token creation; empty otherwise. */
    public Map<String, Object> auth() {
        return auth;
    }

    /** The token in {@code auth.client_token}, if any. */
    public Optional<VaultToken> authToken() {
        Object t = auth.get("client_token");
        return t instanceof String s && !s.isEmpty() ? Optional.of(VaultToken.of(s)) : Optional.empty();
    }

    /** The lease of a dynamic secret, if any. */
    public Optional<String> leaseId() {
        return Optional.ofNullable(leaseId);
    }

    public Duration leaseDuration() {
        return leaseDuration;
    }

    public boolean renewable() {
        return renewable;
    }

    public List<String> warnings() {
        return warnings;
    }

    /** The wrapping token when the answer was response-wrapped ({@code X-Vault-Wrap-TTL}). */
    public Optional<VaultToken> wrapToken() {
        return Optional.ofNullable(wrapToken).map(VaultToken::of);
    }

    @Override
    public String toString() {
        return "VaultResponse";
    }
}
