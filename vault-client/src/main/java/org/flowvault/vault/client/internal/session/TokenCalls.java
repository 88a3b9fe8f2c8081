package org.flowvault.vault.client.internal.session;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.flowvault.vault.client.VaultException;
import org.flowvault.vault.client.VaultToken;
import org.flowvault.vault.client.internal.VaultTransport;

/**
 * The session's calls on its own token: {@code auth/token/lookup-self}, {@code renew-self} and
 * {@code revoke-self}, in the authentication's namespace (where the token lives), with their
 * answers read. Errors are the transport's {@link VaultException}s.
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/token">Token auth method (API)</a>
 */
final class TokenCalls {
    private static final String LOOKUP_SELF = "auth/token/lookup-self";
    private static final String RENEW_SELF = "auth/token/renew-self";
    private static final String REVOKE_SELF = "auth/token/revoke-self";

    /** What a renewal granted; {@code maxTtlWarning} when Vault said the max TTL capped it. */
    record Renewal(Duration ttl, boolean renewable, boolean maxTtlWarning) {
    }

    /** What a lookup says of the token's lease. */
    record Lookup(Duration ttl, boolean renewable) {
    }

    private final VaultTransport transport;
    private final String namespace;

    TokenCalls(VaultTransport transport, String namespace) {
        this.transport = transport;
        this.namespace = namespace;
    }

    Lookup lookupSelf(VaultToken token) {
        JsonNode response = transport.send("GET", LOOKUP_SELF, null, token.value(), namespace, Map.of());
        JsonNode data = response == null ? null : response.get("data");
        if (data == null || !data.isObject()) {
            throw new VaultException("Vault answered lookup-self without data", 200, LOOKUP_SELF, List.of());
        }
        return new Lookup(Duration.ofSeconds(data.path("ttl").asLong()), data.path("renewable").asBoolean());
    }

    /** Whether Vault still knows {@code token}: false on 403 only; on any other failure we cannot tell, and say yes. */
    boolean known(VaultToken token) {
        try {
            transport.send("GET", LOOKUP_SELF, null, token.value(), namespace, Map.of());
            return true;
        } catch (VaultException.PermissionDenied e) {
            return false;
        } catch (VaultException e) {
            return true;
        }
    }

    Renewal renewSelf(VaultToken token) {
        // No increment: Vault then renews by the token's own TTL, which for a given token may be
        // longer than the time it had left when the session looked it up.
        JsonNode response = transport.send("POST", RENEW_SELF, Map.of(), token.value(), namespace, Map.of());
        JsonNode auth = response == null ? null : response.get("auth");
        if (auth == null || !auth.isObject()) {
            throw new VaultException("Vault answered renew-self without an auth block", 200, RENEW_SELF, List.of());
        }
        boolean warned = false;
        for (JsonNode w : response.path("warnings")) {
            warned |= w.asText().contains("max_ttl");
        }
        return new Renewal(Duration.ofSeconds(auth.path("lease_duration").asLong()), auth.path("renewable").asBoolean(), warned);
    }

    void revokeSelf(VaultToken token) {
        transport.send("POST", REVOKE_SELF, null, token.value(), namespace, Map.of());
    }
}
