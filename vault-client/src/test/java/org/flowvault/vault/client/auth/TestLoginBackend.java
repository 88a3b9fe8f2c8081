package org.flowvault.vault.client.auth;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.flowvault.vault.server.core.Backend;
import org.flowvault.vault.server.core.LoginAuth;
import org.flowvault.vault.server.core.Request;
import org.flowvault.vault.server.core.Response;
import org.flowvault.vault.server.core.Routes;
import org.flowvault.vault.server.core.VaultError;

/**
 * An auth method for the auth methods the embedded server lacks (Kubernetes, JWT, TLS
 * certificate), mounted in the real server: {@code login} accepts the bodies {@code accept}
 * approves, issues a token with policy "plugin" through the server's own token store, and keeps
 * the last body for assertions. Anything else is Vault's 400 "invalid role or credentials".
 */
final class TestLoginBackend implements Backend {
    private final Routes routes = new Routes();
    private volatile Predicate<Map<String, Object>> accept;
    private volatile Map<String, Object> lastBody;

    TestLoginBackend(Predicate<Map<String, Object>> accept) {
        this.accept = accept;
        routes.path("login").write(this::login);
    }

    void accept(Predicate<Map<String, Object>> rule) {
        this.accept = rule;
    }

    Map<String, Object> lastBody() {
        return lastBody;
    }

    private Response login(Request r) {
        Map<String, Object> body = new HashMap<>(r.data());
        lastBody = body;
        if (!accept.test(body)) {
            throw VaultError.badRequest("invalid role or credentials");
        }
        return Response.login(new LoginAuth(List.of("plugin"), Map.of(), "", Duration.ofMinutes(5), Duration.ZERO, Duration.ZERO,
                Duration.ZERO, 0, true, false, List.of()));
    }

    @Override
    public Response handle(Request request) {
        return routes.dispatch(request);
    }

    @Override
    public Set<String> unauthenticatedPaths() {
        return Set.of("login");
    }
}
