package org.flowvault.vault.client.core;

import org.flowvault.vault.client.VaultToken;
import org.flowvault.vault.client.auth.Authentication;
import org.flowvault.vault.client.internal.TokenSource;
import org.flowvault.vault.client.internal.VaultTransport;
import org.flowvault.vault.client.internal.session.Session;
import org.flowvault.vault.client.internal.session.SessionOptions;

/**
 * The one place where a {@link VaultClient} gets its {@link TokenSource}: {@link #create}. With an
 * {@link Authentication}, a {@link Session} logs in lazily, renews in the background, logs in
 * again when a renewal is capped or the token is revoked, and revokes a token it created on
 * close. A token given in the configuration is used as is.
 */
final class TokenSources {
    private TokenSources() {
    }

    /**
     * @param transport      the client's transport (namespace from the configuration)
     * @param authentication how to log in, or null to use {@link VaultConfig#token()}
     * @param config         the client's configuration; {@link VaultConfig#authNamespace()} is where logins go
     * @param options        the session's options, or null for the defaults
     */
    static TokenSource create(VaultTransport transport, Authentication authentication, VaultClientConfig config, SessionOptions options) {
        if (authentication != null) {
            VaultTransport loginTransport = config.authNamespace()
                    .<VaultTransport>map(ns -> (method, path, body, token, namespace, headers) ->
                            transport.send(method, path, body, token, namespace == null ? ns : namespace, headers))
                    .orElse(transport);
            return Session.start(loginTransport, authentication, options != null ? options : SessionOptions.defaults());
        }
        return config.token().<TokenSource>map(FixedTokenSource::new).orElseGet(NoTokenSource::new);
    }

    /** A token given as is: never renewed, never revoked (the client did not create it). */
    static final class FixedTokenSource implements TokenSource {
        private final VaultToken token;

        FixedTokenSource(VaultToken token) {
            this.token = token;
        }

        @Override
        public VaultToken token() {
            return token;
        }

        @Override
        public void close() {
        }
    }

    /** No credentials: only the unauthenticated sys calls (health, init, unseal) work. */
    static final class NoTokenSource implements TokenSource {
        @Override
        public VaultToken token() {
            throw new IllegalStateException("this client has no token: set VaultClientConfig.Builder.token(...) or VAULT_TOKEN, "
                    + "pass an Authentication to VaultClient.builder(), or use client.withToken(token)");
        }

        @Override
        public void close() {
        }
    }
}
