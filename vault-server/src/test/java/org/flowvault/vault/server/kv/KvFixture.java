package org.flowvault.vault.server.kv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowvault.vault.server.core.Backend;
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

/**
 * A KV mount driven the way the core drives it, without HTTP: POST/PUT become CREATE or UPDATE
 * by the backend's existence check, errors become replies, and response data goes through JSON
 * so tests see what a client would.
 */
final class KvFixture {
    static final Instant START = Instant.parse("2024-05-01T10:00:00.123456789Z");
    static final String MERGE_PATCH = "application/merge-patch+json";

    final ManualClock clock = new ManualClock(START);
    final Storage storage = new InMemoryStorage().view("logical/kv-test/");
    private final MountContext context;
    MountEntry entry;
    Backend backend;

    private KvFixture(String version, long defaultTtl, long maxTtl) {
        Map<String, String> options = version == null ? Map.of() : Map.of("version", version);
        entry = new MountEntry("kv/", MountEntry.SECRETS, "kv", "", "kv-test", "kv_1234", defaultTtl, maxTtl, "",
                options, false, false);
        context = new MountContext(() -> entry, storage, Namespace.ROOT, null, clock,
                Duration.ofHours(768), Duration.ofHours(768));
        backend = KvBackends.create(context);
    }

    static KvFixture v2() {
        return new KvFixture("2", 0, 0);
    }

    static KvFixture v1() {
        return new KvFixture("1", 0, 0);
    }

    static KvFixture v1WithTtls(long defaultTtl, long maxTtl) {
        return new KvFixture("1", defaultTtl, maxTtl);
    }

    static KvFixture withOptions(String version) {
        return new KvFixture(version, 0, 0);
    }

    /** Tunes the mount's options, as sys/mounts/kv/tune does (the backend stays the same). */
    void tuneOptions(Map<String, String> options) {
        entry = entry.withOptions(options);
    }

    /** Creates the backend anew over the same storage, as a server restart does. */
    void restart() {
        backend = KvBackends.create(context);
    }

    /** GET, with query parameters given as alternating names and values. */
    Reply read(String path, String... query) {
        Map<String, Object> data = new HashMap<>();
        for (int i = 0; i < query.length; i += 2) {
            data.put(query[i], query[i + 1]);
        }
        return send(Operation.READ, path, data, null);
    }

    /** POST or PUT of a JSON body. */
    Reply write(String path, String json) {
        Map<String, Object> body = parse(json);
        Request probe = request(Operation.UPDATE, path, body, "application/json");
        Boolean exists = backend.exists(probe);
        Operation op = exists == null || exists ? Operation.UPDATE : Operation.CREATE;
        return send(op, path, body, "application/json");
    }

    /** PATCH with Vault's required content type. */
    Reply patch(String path, String json) {
        return patch(path, json, MERGE_PATCH);
    }

    Reply patch(String path, String json, String contentType) {
        return send(Operation.PATCH, path, parse(json), contentType);
    }

    Reply delete(String path) {
        return send(Operation.DELETE, path, Map.of(), null);
    }

    Reply list(String path) {
        return send(Operation.LIST, path, Map.of(), null);
    }

    /** The existence check as the core would ask it before a write. */
    Boolean exists(String path) {
        return backend.exists(request(Operation.UPDATE, path, Map.of(), "application/json"));
    }

    Reply send(Operation op, String path, Map<String, Object> data, String contentType) {
        try {
            Response r = backend.handle(request(op, path, data, contentType));
            Map<String, Object> body = r.data() == null ? null : ServerJson.readStored(ServerJson.write(r.data()));
            return new Reply(r.status(), body, List.copyOf(r.warnings()), List.of(), r.leaseDuration(), r.renewable());
        } catch (VaultError e) {
            return new Reply(e.status(), null, List.of(), e.errors(), 0, false);
        }
    }

    private Request request(Operation op, String path, Map<String, Object> data, String contentType) {
        return new Request(op, path, data, Namespace.ROOT, entry, storage, null, contentType, "127.0.0.1", Map.of());
    }

    static Map<String, Object> parse(String json) {
        try {
            return ServerJson.readMap(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the client receives: status, the envelope's data, warnings, errors and lease. */
    record Reply(int status, Map<String, Object> data, List<String> warnings, List<String> errors,
            long leaseDuration, boolean renewable) {

        /** A member of data by dotted path: "metadata.version". */
        @SuppressWarnings("unchecked")
        Object get(String dotted) {
            Object cur = data;
            for (String part : dotted.split("\\.")) {
                if (!(cur instanceof Map<?, ?> m)) {
                    throw new AssertionError("no " + dotted + " in " + data);
                }
                cur = ((Map<String, Object>) m).get(part);
            }
            return cur;
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> map(String dotted) {
            return (Map<String, Object>) get(dotted);
        }
    }

    /** A clock that moves only when told to. */
    static final class ManualClock extends Clock {
        private Instant now;

        ManualClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
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

    static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
