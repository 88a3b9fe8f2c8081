package org.flowvault.vault.server.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowvault.vault.server.core.Backend;
import org.flowvault.vault.server.core.BackendFactory;
import org.flowvault.vault.server.core.LoginAuth;
import org.flowvault.vault.server.core.MountContext;
import org.flowvault.vault.server.core.MountEntry;
import org.flowvault.vault.server.policy.Operation;
import org.flowvault.vault.server.core.Request;
import org.flowvault.vault.server.core.Response;
import org.flowvault.vault.server.core.VaultError;
import org.flowvault.vault.server.internal.ServerJson;
import org.flowvault.vault.server.namespace.Namespace;
import org.flowvault.vault.server.storage.InMemoryStorage;
import org.flowvault.vault.server.storage.Storage;
import org.flowvault.vault.server.core.TokenEntry;
import org.flowvault.vault.server.core.TokenSpec;
import org.flowvault.vault.server.token.TokenStore;

/**
 * One auth mount driven the way the core drives it, without HTTP: a real token store over
 * in-memory storage, a clock that moves only when told, POST/PUT turned into CREATE or UPDATE by
 * the backend's existence check, and errors turned into replies. Response data goes through JSON,
 * so tests see what a client would.
 */
public final class MountHarness {
    public static final Instant START = Instant.parse("2024-05-01T10:00:00Z");
    public static final Duration SYSTEM_TTL = Duration.ofHours(768);

    public final ManualClock clock = new ManualClock(START);
    /** Everything the mount and the token store wrote, for "no secret in storage" checks. */
    public final InMemoryStorage physical = new InMemoryStorage();
    public final TokenStore tokens = new TokenStore(physical.view("sys/token/"), clock, SYSTEM_TTL, SYSTEM_TTL);
    public final Backend backend;
    /** A root token, as {@code vault operator init} creates it. */
    public final TokenEntry root;
    /** The client address the next requests come from. */
    public String remoteAddress = "127.0.0.1";
    private final Storage storage;
    private volatile MountEntry entry;

    private MountHarness(String type, String path, BackendFactory factory) {
        entry = new MountEntry(path, MountEntry.AUTH, type, "", "uuid-" + type, "auth_" + type + "_1", 0, 0, "",
                Map.of(), false, false);
        storage = physical.view(entry.storagePrefix());
        backend = factory.create(new MountContext(() -> entry, storage, Namespace.ROOT, tokens, clock, SYSTEM_TTL, SYSTEM_TTL));
        root = tokens.create(new TokenSpec("root-" + TokenStore.random(8), List.of("root"), "", Namespace.ROOT,
                "auth/token/root", Map.of(), "root", 0, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO,
                false, List.of()));
    }

    /** Mounts a backend of {@code type} at {@code auth/<path>}. */
    public static MountHarness mount(String type, String path, BackendFactory factory) {
        return new MountHarness(type, path, factory);
    }

    /** Tunes the mount's default and max lease TTLs (seconds; 0 = system value). */
    public void tune(long defaultTtl, long maxTtl) {
        entry = entry.withTtls(defaultTtl, maxTtl);
    }

    /** A token with these policies, child of root, as an operator would hand out. */
    public TokenEntry token(String... policies) {
        return tokens.create(new TokenSpec(null, List.of(policies), root.id(), Namespace.ROOT, "auth/token/create",
                Map.of(), "token", 0, Duration.ofHours(1), Duration.ZERO, Duration.ZERO, Duration.ZERO, true, List.of()));
    }

    public Reply read(String path) {
        return send(Operation.READ, path, Map.of(), root);
    }

    public Reply read(String path, TokenEntry token) {
        return send(Operation.READ, path, Map.of(), token);
    }

    public Reply list(String path) {
        return send(Operation.LIST, path, Map.of(), root);
    }

    public Reply delete(String path) {
        return send(Operation.DELETE, path, Map.of(), root);
    }

    public Reply delete(String path, Map<String, Object> data) {
        return send(Operation.DELETE, path, data, root);
    }

    /** POST/PUT as root. */
    public Reply write(String path, Map<String, Object> data) {
        return write(path, data, root);
    }

    /** POST/PUT with {@code token} (null for an unauthenticated path such as a login). */
    public Reply write(String path, Map<String, Object> data, TokenEntry token) {
        Boolean exists = backend.exists(request(Operation.UPDATE, path, data, token));
        return send(Boolean.FALSE.equals(exists) ? Operation.CREATE : Operation.UPDATE, path, data, token);
    }

    /** A login: POST without a token. */
    public Reply login(String path, Map<String, Object> data) {
        return write(path, data, null);
    }

    public Reply send(Operation op, String path, Map<String, Object> data, TokenEntry token) {
        try {
            Response r = backend.handle(request(op, path, data, token));
            Map<String, Object> body = r.data() == null ? null : ServerJson.readStored(ServerJson.write(r.data()));
            // As the core renders: 204 only without any body, a warning alone makes a 200.
            int status = r.isEmpty() ? 204 : r.status() == 204 ? 200 : r.status();
            return new Reply(status, body, List.copyOf(r.warnings()), List.of(), r.login(),
                    r.issuedToken());
        } catch (VaultError e) {
            return new Reply(e.status(), null, List.of(), e.errors(), null, null);
        }
    }

    private Request request(Operation op, String path, Map<String, Object> data, TokenEntry token) {
        return new Request(op, path, new LinkedHashMap<>(data), Namespace.ROOT, entry, storage, token,
                "application/json", remoteAddress, Map.of());
    }

    /** Whether {@code text} appears in any storage key or value (they are JSON here, the barrier being absent). */
    public boolean storageContains(String text) {
        return scan("", text);
    }

    private boolean scan(String prefix, String text) {
        for (String k : physical.list(prefix)) {
            if ((prefix + k).contains(text)) {
                return true;
            }
            if (k.endsWith("/")) {
                if (scan(prefix + k, text)) {
                    return true;
                }
            } else if (new String(physical.get(prefix + k), StandardCharsets.UTF_8).contains(text)) {
                return true;
            }
        }
        return false;
    }

    /** A JSON object literal, for request bodies. */
    public static Map<String, Object> json(String json) {
        try {
            return ServerJson.readMap(json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What the client receives: status, the envelope's data, warnings and errors, and for logins
     * the {@link LoginAuth} the core would turn into a token (or the token a handler issued).
     */
    public record Reply(int status, Map<String, Object> data, List<String> warnings, List<String> errors,
                        LoginAuth login, TokenEntry issued) {

        public Object get(String key) {
            if (data == null) {
                throw new AssertionError("no data in reply: status " + status + ", errors " + errors);
            }
            return data.get(key);
        }
    }

    /** A clock that moves only when told to. */
    public static final class ManualClock extends Clock {
        private volatile Instant now;

        ManualClock(Instant start) {
            this.now = start;
        }

        public void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
