package org.flowvault.vault.server.audit;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.flowvault.vault.server.core.AuditLog;
import org.flowvault.vault.server.core.Request;
import org.flowvault.vault.server.core.Response;
import org.flowvault.vault.server.core.VaultError;
import org.flowvault.vault.server.internal.ServerJson;
import org.flowvault.vault.server.storage.Storage;
import org.flowvault.vault.server.core.TokenEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vault's audit broker: every request and response goes to every enabled device as one JSON line,
 * with every string value (tokens, accessors, secret values) replaced by its HMAC-SHA256 under a
 * per-device key kept behind the barrier. When an enabled device cannot write, the request fails
 * before the backend runs (or before the answer leaves), as in Vault.
 */
public final class AuditBroker implements AuditLog {
    private static final Logger LOG = LoggerFactory.getLogger(AuditBroker.class);
    private static final TypeReference<List<AuditDevice.Config>> CONFIGS = new TypeReference<>() { };

    private final Storage storage;
    private final Clock clock;
    private final List<AuditDevice> devices = new CopyOnWriteArrayList<>();

    public AuditBroker(Storage storage, Clock clock) {
        this.storage = storage;
        this.clock = clock;
        byte[] raw = storage.get("devices");
        if (raw != null) {
            try {
                for (AuditDevice.Config c : ServerJson.MAPPER.readValue(raw, CONFIGS)) {
                    devices.add(new AuditDevice(c, storage.get("salt/" + c.path())));
                }
            } catch (IOException e) {
                throw new IllegalStateException("audit table is corrupt", e);
            }
        }
    }

    public List<AuditDevice.Config> list() {
        return devices.stream().map(AuditDevice::config).toList();
    }

    /** Enables a file device; fails with 400 when the file cannot be opened for appending. */
    public synchronized void enable(String path, String type, String description, Map<String, String> options) {
        String p = path.endsWith("/") ? path : path + "/";
        if (!"file".equals(type)) {
            throw VaultError.badRequest("unknown backend type: \"" + type + "\"; the Flowvault server supports the \"file\" audit device");
        }
        for (AuditDevice d : devices) {
            if (d.config().path().equals(p)) {
                throw VaultError.badRequest("path already in use");
            }
        }
        String filePath = options.getOrDefault("file_path", options.get("path"));
        if (filePath == null || filePath.isEmpty()) {
            throw VaultError.badRequest("file_path is required");
        }
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        AuditDevice device = new AuditDevice(new AuditDevice.Config(p, type, description == null ? "" : description, Map.copyOf(options)), key);
        try {
            device.open();
        } catch (IOException e) {
            throw VaultError.badRequest("sanity check failed; unable to open \"" + filePath + "\" for writing: " + e.getMessage());
        }
        storage.put("salt/" + p, key);
        devices.add(device);
        persist();
    }

    public synchronized void disable(String path) {
        String p = path.endsWith("/") ? path : path + "/";
        devices.removeIf(d -> {
            if (d.config().path().equals(p)) {
                d.close();
                return true;
            }
            return false;
        });
        storage.delete("salt/" + p);
        persist();
    }

    /** sys/audit-hash: the HMAC a device would log for {@code input}. */
    public String hash(String path, String input) {
        String p = path.endsWith("/") ? path : path + "/";
        for (AuditDevice d : devices) {
            if (d.config().path().equals(p)) {
                return d.hmac(input);
            }
        }
        throw VaultError.badRequest("unknown audit backend " + path);
    }

    @Override
    public void logRequest(String id, Request request, String fullPath, TokenEntry token) {
        if (devices.isEmpty()) {
            return;
        }
        for (AuditDevice d : devices) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("time", clock.instant().toString());
            entry.put("type", "request");
            entry.put("auth", authOf(d, token));
            entry.put("request", requestOf(d, id, request, fullPath, token));
            write(d, entry);
        }
    }

    @Override
    public void logResponse(String id, Request request, String fullPath, TokenEntry token, Response response) {
        if (devices.isEmpty()) {
            return;
        }
        for (AuditDevice d : devices) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("time", clock.instant().toString());
            entry.put("type", "response");
            entry.put("auth", authOf(d, token));
            entry.put("request", requestOf(d, id, request, fullPath, token));
            Map<String, Object> resp = new LinkedHashMap<>();
            resp.put("mount_type", request.mount().type());
            if (response.data() != null) {
                resp.put("data", d.redact(response.data()));
            }
            if (response.raw() != null) {
                resp.put("data", d.redact(response.raw()));
            }
            if (response.issuedToken() != null) {
                TokenEntry t = response.issuedToken();
                Map<String, Object> auth = new LinkedHashMap<>();
                auth.put("client_token", d.hmac(t.id()));
                auth.put("accessor", d.hmac(t.accessor()));
                auth.put("policies", t.policies());
                auth.put("token_ttl", t.ttl());
                resp.put("auth", auth);
            }
            if (!response.warnings().isEmpty()) {
                resp.put("warnings", response.warnings());
            }
            entry.put("response", resp);
            write(d, entry);
        }
    }

    private Map<String, Object> authOf(AuditDevice d, TokenEntry token) {
        Map<String, Object> auth = new LinkedHashMap<>();
        if (token != null) {
            auth.put("client_token", d.hmac(token.id()));
            auth.put("accessor", d.hmac(token.accessor()));
            auth.put("display_name", token.displayName());
            auth.put("policies", token.policies());
            auth.put("token_policies", token.policies());
            auth.put("metadata", d.redact(token.meta()));
            auth.put("token_type", "service");
        }
        return auth;
    }

    private Map<String, Object> requestOf(AuditDevice d, String id, Request request, String fullPath, TokenEntry token) {
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("id", id);
        req.put("operation", request.operation().capability());
        req.put("mount_type", request.mount().type());
        req.put("mount_accessor", request.mount().accessor());
        if (token != null) {
            req.put("client_token", d.hmac(token.id()));
            req.put("client_token_accessor", d.hmac(token.accessor()));
        }
        req.put("namespace", Map.of("id", request.namespace().id()));
        req.put("path", request.namespace().path() + fullPath);
        if (request.data() != null && !request.data().isEmpty()) {
            req.put("data", d.redact(request.data()));
        }
        req.put("remote_address", request.remoteAddress());
        return req;
    }

    private void write(AuditDevice d, Map<String, Object> entry) {
        try {
            d.write(ServerJson.write(entry));
        } catch (IOException e) {
            LOG.error("audit device {} failed to write; failing the request as Vault does: {}", d.config().path(), e.getMessage());
            throw VaultError.of(500, "internal error");
        }
    }

    private void persist() {
        storage.put("devices", ServerJson.write(list()));
    }

    @Override
    public void close() {
        devices.forEach(AuditDevice::close);
    }

    static String hmacHex(byte[] key, String input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return "hmac-sha256:" + HexFormat.of().formatHex(mac.doFinal(input.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static Object redactValue(byte[] key, Object v) {
        if (v instanceof String s) {
            return hmacHex(key, s);
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, val) -> out.put(String.valueOf(k), redactValue(key, val)));
            return out;
        }
        if (v instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>();
            c.forEach(x -> out.add(redactValue(key, x)));
            return out;
        }
        return v;
    }
}
