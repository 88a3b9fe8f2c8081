package org.flowvault.vault.client;

import java.time.Duration;
import java.util.Map;
import org.flowvault.vault.client.auth.Authentication;
import org.flowvault.vault.client.auth.LoginResult;
import org.flowvault.vault.client.internal.TokenSource;
import org.flowvault.vault.client.internal.VaultTransport;

/**
 * THE one place where a {@link VaultClient} gets its {@link TokenSource}: {@link #create}. The
 * sources here are a minimal fallback (log in lazily, log in again on 403 or near expiry, revoke a
 * token the client created on close) until the auth package's renewing {@code Session} is wired
 * in here; nothing else in the client knows how tokens are obtained.
 */
final class TokenSources {
    private TokenSources() {
    }

    /**
     * @param transport      the client's transport (namespace from the configuration)
     * @param authentication how to log in, or null to use {@link VaultConfig#token()}
     * @param config         the client's configuration; {@link VaultConfig#authNamespace()} is where logins go
     */
    static TokenSource create(VaultTransport transport, Authentication authentication, VaultConfig config) {
        if (authentication != null) {
            VaultTransport loginTransport = config.authNamespace()
                    .<VaultTransport>map(ns -> (method, path, body, token, namespace, headers) ->
                            transport.send(method, path, body, token, namespace == null ? ns : namespace, headers))
                    .orElse(transport);
            return new LoginTokenSource(loginTransport, authentication);
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
            throw new IllegalStateException("this client has no token: set VaultConfig.Builder.token(...) or VAULT_TOKEN, "
                    + "pass an Authentication to VaultClient.builder(), or use client.withToken(token)");
        }

        @Override
        public void close() {
        }
    }

    /** Logs in on first use and again when the token is rejected or about to expire. */
    static final class LoginTokenSource implements TokenSource {
        private final VaultTransport transport;
        private final Authentication authentication;
        private LoginResult current;
        private long expiresAtNanos;
        private boolean closed;

        LoginTokenSource(VaultTransport transport, Authentication authentication) {
            this.transport = transport;
            this.authentication = authentication;
        }

        @Override
        public synchronized VaultToken token() {
            if (closed) {
                throw new IllegalStateException("the client is closed");
            }
            if (current == null || (authentication.canLogIn() && System.nanoTime() - expiresAtNanos > 0)) {
                login();
            }
            return current.token();
        }

        private void login() {
            LoginResult r = authentication.login(transport);
            Duration ttl = r.ttl();
            // Log in again at 90% of the TTL; a zero TTL never expires, an unknown (null) one is
            // refreshed only when Vault rejects it.
            long lifetime = ttl == null || ttl.isZero() ? Long.MAX_VALUE / 4 : ttl.toNanos() / 10 * 9;
            expiresAtNanos = System.nanoTime() + lifetime;
            current = r;
        }

        @Override
        public synchronized boolean onPermissionDenied(VaultToken rejected) {
            if (closed || !authentication.canLogIn() || current == null || !current.token().equals(rejected)) {
                return current != null && !current.token().equals(rejected);
            }
            login();
            return true;
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (current != null && current.createdByClient()) {
                try {
                    transport.send("POST", "auth/token/revoke-self", null, current.token().value(), null, Map.of());
                } catch (VaultException ignored) {
                    // best effort: the token expires on its own
                }
            }
        }
    }
}
