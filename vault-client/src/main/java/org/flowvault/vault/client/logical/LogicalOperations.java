package org.flowvault.vault.client.logical;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.flowvault.vault.client.VaultException;
import org.flowvault.vault.client.internal.Access;
import org.flowvault.vault.client.internal.ClientJson;
import org.flowvault.vault.client.internal.VaultCalls;

/**
 * Read, write, list and delete at any API path, for engines without a typed API (database,
 * transit, PKI...). Paths are API paths after {@code /v1/}, such as {@code "database/creds/app"};
 * a {@code ?query} may follow. Obtain it from
 * {@link org.flowvault.vault.client.core.VaultClient#logical()}. Immutable and thread-safe.
 *
 * <p>Nulls: arguments are required unless a parameter says null is allowed; results are never
 * null unless documented ("or null").
 *
 * <p>Errors: a call Vault refuses or cannot answer throws a {@link org.flowvault.vault.client.VaultException}
 * subclass (each method names the ones it expects); a malformed argument throws
 * {@link IllegalArgumentException} before any request. Messages never carry a secret.
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs">Vault HTTP API</a>
 */
public final class LogicalOperations {
    private final VaultCalls calls;

    static {
        Access.operations(LogicalOperations.class, (calls, mount) -> new LogicalOperations(calls));
    }

    /** Made by {@link org.flowvault.vault.client.core.VaultClient} only (through {@link Access}). */
    LogicalOperations(VaultCalls calls) {
        this.calls = calls;
    }

    /**
     * {@code GET path}.
     *
     * @throws VaultException.NotFound when nothing is there
     */
    public VaultResponse read(String path) {
        return VaultResponse.of(calls.get(path(path)));
    }

    /** As {@link #read}, but empty instead of {@link VaultException.NotFound}. */
    public Optional<VaultResponse> find(String path) {
        try {
            return Optional.of(read(path));
        } catch (VaultException.NotFound e) {
            return Optional.empty();
        }
    }

    /** {@code POST path} with {@code body} (anything Jackson writes; null for none); an empty response for 204. */
    public VaultResponse write(String path, Object body) {
        return VaultResponse.of(calls.send("POST", path(path), body));
    }

    /**
     * {@code POST path} with the answer response-wrapped for {@code wrapTtl}: the response's
     * {@link VaultResponse#wrapToken()} unwraps it once.
     *
     * @see <a href="https://developer.hashicorp.com/vault/docs/concepts/response-wrapping">Response wrapping</a>
     */
    public VaultResponse writeWrapped(String path, Object body, Duration wrapTtl) {
        if (wrapTtl == null || wrapTtl.isNegative() || wrapTtl.isZero()) {
            throw new IllegalArgumentException("wrapTtl must be positive, got " + wrapTtl);
        }
        return VaultResponse.of(calls.send("POST", path(path), body, Map.of("X-Vault-Wrap-TTL", ClientJson.seconds(wrapTtl))));
    }

    /** {@code LIST path}: the keys below it, empty when there are none. */
    public List<String> list(String path) {
        try {
            return ClientJson.strings(calls.send("LIST", path(path), null).path("data").get("keys"));
        } catch (VaultException.NotFound e) {
            return List.of();
        }
    }

    /** {@code DELETE path}. */
    public void delete(String path) {
        calls.send("DELETE", path(path), null);
    }

    private static String path(String path) {
        Objects.requireNonNull(path, "path");
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.startsWith("v1/")) {
            throw new IllegalArgumentException("path must follow /v1/, without it: \"" + p.substring(3) + "\"");
        }
        if (p.isEmpty()) {
            throw new IllegalArgumentException("path must not be empty");
        }
        return p;
    }

    @Override
    public String toString() {
        return "LogicalOperations";
    }
}
