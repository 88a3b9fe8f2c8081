package org.flowvault.vault.client.token;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.flowvault.vault.client.VaultException;
import org.flowvault.vault.client.VaultToken;
import org.flowvault.vault.client.internal.Json;
import org.flowvault.vault.client.internal.Access;
import org.flowvault.vault.client.internal.VaultCalls;

/**
 * The token auth method ({@code auth/token/}): create tokens, look them up, renew and revoke
 * them, by value or by accessor. Calls are made with the client's token; tokens passed as
 * arguments travel in the request body, never in a path or a message. Obtain it from
 * {@link org.flowvault.vault.client.VaultClient#token()}. Immutable and thread-safe.
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/token">Token auth method API</a>
 */
public final class TokenOperations {
    private final VaultCalls calls;

    static {
        Access.operations(TokenOperations.class, (calls, mount) -> new TokenOperations(calls));
    }

    /** Made by {@link org.flowvault.vault.client.VaultClient} only (through {@link Access}); . */
    TokenOperations(VaultCalls calls) {
        this.calls = calls;
    }

    /** A child of the client's token with Vault's defaults (the same policies). */
    public IssuedToken create() {
        return create(TokenCreateRequest.defaults());
    }

    /**
     * Creates a token, a child of the client's token unless {@code no_parent} is set.
     *
     * @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/token#create-token">Create token</a>
     */
    public IssuedToken create(TokenCreateRequest request) {
        Objects.requireNonNull(request, "request");
        String path = request.role() == null ? "auth/token/create" : "auth/token/create/" + request.role();
        return IssuedToken.from(calls.send("POST", path, request.body()), path);
    }

    /**
     * Creates a token without a parent, so it survives the revocation of the client's token
     * (needs {@code sudo} on auth/token/create-orphan, or root).
     */
    public IssuedToken createOrphan(TokenCreateRequest request) {
        Objects.requireNonNull(request, "request");
        return IssuedToken.from(calls.send("POST", "auth/token/create-orphan", request.body()), "auth/token/create-orphan");
    }

    /**
     * @throws VaultException.InvalidRequest when Vault does not know the token ("bad token")
     * @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/token#lookup-a-token">Lookup a token</a>
     */
    public TokenInfo lookup(VaultToken token) {
        return info(calls.send("POST", "auth/token/lookup", Map.of("token", token.value())));
    }

    /** The client's own token. @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/token#lookup-a-token-self">Lookup a token (self)</a> */
    public TokenInfo lookupSelf() {
        return info(calls.get("auth/token/lookup-self"));
    }

    /** @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/token#lookup-a-token-accessor">Lookup a token (accessor)</a> */
    public TokenInfo lookupAccessor(String accessor) {
        return info(calls.send("POST", "auth/token/lookup-accessor", Map.of("accessor", requireText("accessor", accessor))));
    }

    private static TokenInfo info(JsonNode answer) {
        return TokenInfo.from(answer.get("data"));
    }

    /** Renews {@code token} by its original TTL. */
    public IssuedToken renew(VaultToken token) {
        return renew(token, null);
    }

    /**
     * Renews {@code token}, asking for {@code increment} (null: its original TTL); Vault may grant
     * less (max TTL).
     *
     * @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/token#renew-a-token">Renew a token</a>
     */
    public IssuedToken renew(VaultToken token, Duration increment) {
        Map<String, Object> body = new LinkedHashMap<>(4);
        body.put("token", Objects.requireNonNull(token, "token").value());
        increment(body, increment);
        return IssuedToken.from(calls.send("POST", "auth/token/renew", body), "auth/token/renew");
    }

    /** Renews the client's own token by its original TTL. */
    public IssuedToken renewSelf() {
        return renewSelf(null);
    }

    /** @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/token#renew-a-token-self">Renew a token (self)</a> */
    public IssuedToken renewSelf(Duration increment) {
        Map<String, Object> body = new LinkedHashMap<>(2);
        increment(body, increment);
        return IssuedToken.from(calls.send("POST", "auth/token/renew-self", body), "auth/token/renew-self");
    }

    private static void increment(Map<String, Object> body, Duration increment) {
        if (increment != null) {
            if (increment.isNegative() || increment.isZero()) {
                throw new IllegalArgumentException("increment must be positive (or null for the token's TTL), got " + increment);
            }
            body.put("increment", Json.seconds(increment));
        }
    }

    /**
     * Revokes {@code token} and its children.
     *
     * @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/token#revoke-a-token">Revoke a token</a>
     */
    public void revoke(VaultToken token) {
        calls.send("POST", "auth/token/revoke", Map.of("token", Objects.requireNonNull(token, "token").value()));
    }

    /** Revokes {@code token} but not its children, which become orphans (needs sudo). */
    public void revokeOrphan(VaultToken token) {
        calls.send("POST", "auth/token/revoke-orphan", Map.of("token", Objects.requireNonNull(token, "token").value()));
    }

    /**
     * Revokes the client's own token; the client cannot make authenticated calls with it afterwards.
     *
     * @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/token#revoke-a-token-self">Revoke a token (self)</a>
     */
    public void revokeSelf() {
        calls.send("POST", "auth/token/revoke-self", null);
    }

    /** @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/token#revoke-a-token-accessor">Revoke a token accessor</a> */
    public void revokeAccessor(String accessor) {
        calls.send("POST", "auth/token/revoke-accessor", Map.of("accessor", requireText("accessor", accessor)));
    }

    private static String requireText(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        return value;
    }

    @Override
    public String toString() {
        return "TokenOperations";
    }
}
