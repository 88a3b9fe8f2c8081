package org.flowvault.vault.client.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.flowvault.vault.client.VaultException;
import org.flowvault.vault.client.VaultToken;
import org.flowvault.vault.client.internal.LoginResult;
import org.flowvault.vault.client.internal.VaultTransport;

/**
 * A token the caller already has (a user's own token, {@code VAULT_TOKEN}). {@link #login} does
 * not create anything: it validates the token with {@code auth/token/lookup-self} and learns its
 * TTL, renewability and policies. Such a token cannot be obtained again, so {@link #canLogIn()} is
 * false, and a session never revokes it. Immutable and thread-safe.
 *
 * <pre>{@code
 * Authentication auth = TokenAuthentication.of(VaultToken.of(System.getenv("VAULT_TOKEN")));
 * }</pre>
 *
 * <p>Nulls: arguments are required unless a parameter says null is allowed; results are never
 * null unless documented ("or null").
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/token#lookup-a-token-self">Lookup a token (self)</a>
 */
public final class TokenAuthentication extends Authentication {
    static final String METHOD = "token";
    private static final String PATH = "auth/token/lookup-self";

    private final VaultToken token;

    private TokenAuthentication(Builder b) {
        super(b.namespace);
        this.token = b.token;
    }

    /** Authentication with {@code token}, in the transport's namespace. */
    public static TokenAuthentication of(VaultToken token) {
        return builder().token(token).build();
    }

    /** A builder with Vault's defaults; {@code build()} checks the options and names what is missing. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Looks the token up ({@code GET auth/token/lookup-self}) and returns it with its lease.
     *
     * @throws VaultException.LoginFailed when Vault does not know the token (expired, revoked)
     *         or refuses the lookup
     */
    @Override
    LoginResult login(VaultTransport transport) {
        JsonNode response = Logins.call(transport, "token lookup-self at auth/token", "GET", PATH, null, token.value(), namespace());
        JsonNode data = response == null ? null : response.get("data");
        if (data == null || !data.isObject()) {
            throw new VaultException.LoginFailed("token lookup-self at auth/token" + Logins.where(namespace())
                    + " returned no data", 200, PATH, List.of(), null);
        }
        return new LoginResult(token, Duration.ofSeconds(data.path("ttl").asLong()), data.path("renewable").asBoolean(),
                Logins.policies(data), false);
    }

    /** False: a given token cannot be obtained again. */
    @Override
    public boolean canLogIn() {
        return false;
    }

    @Override
    public String toString() {
        return "TokenAuthentication[token=<masked>" + describeNamespace() + "]";
    }

    /** Collects the options; {@link #build()} checks them. Not thread-safe. */
    public static final class Builder {
        private VaultToken token;
        private String namespace;

        private Builder() {
        }

        /** The token to use; required. */
        public Builder token(VaultToken token) {
            this.token = token;
            return this;
        }

        /**
         * The namespace the token belongs to, where it is looked up, renewed and revoked: null
         * (the default) for the transport's, "" for the root namespace.
         */
        public Builder namespace(String namespace) {
            this.namespace = namespace;
            return this;
        }

        /** @throws IllegalArgumentException when no token was given */
        public TokenAuthentication build() {
            if (token == null) {
                throw new IllegalArgumentException("Token authentication needs a token: call token(VaultToken.of(..))");
            }
            namespace = Logins.namespace(namespace);
            return new TokenAuthentication(this);
        }
    }
}
