package org.flowvault.vault.server.core;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowvault.vault.server.internal.Durations;
import org.flowvault.vault.server.namespace.Namespace;
import org.flowvault.vault.server.storage.Storage;
import org.flowvault.vault.server.token.TokenEntry;

/**
 * One logical request as a backend sees it: the operation, the path relative to the mount, the
 * input (JSON or form body, or query parameters for reads and lists), the caller's token and the
 * mount's private storage. The typed accessors convert input the way Vault's framework does and
 * answer 400 with the field name when a value has the wrong type.
 *
 * @param params named groups captured by the backend's route pattern
 * @param clientCertificates the TLS client certificate chain as presented (leaf first, unverified),
 *               empty when there is none; the cert auth method verifies it
 */
public record Request(
        Operation operation,
        String path,
        Map<String, Object> data,
        Namespace namespace,
        MountEntry mount,
        Storage storage,
        TokenEntry token,
        String contentType,
        String remoteAddress,
        Map<String, String> params,
        List<X509Certificate> clientCertificates) {

    public Request {
        clientCertificates = clientCertificates == null ? List.of() : List.copyOf(clientCertificates);
    }

    /** A request without a client certificate. */
    public Request(Operation operation, String path, Map<String, Object> data, Namespace namespace, MountEntry mount,
                   Storage storage, TokenEntry token, String contentType, String remoteAddress, Map<String, String> params) {
        this(operation, path, data, namespace, mount, storage, token, contentType, remoteAddress, params, List.of());
    }

    public Request withParams(Map<String, String> captured) {
        return new Request(operation, path, data, namespace, mount, storage, token, contentType, remoteAddress, captured, clientCertificates);
    }

    /** The same request with other input, e.g. a nested "config" object read with the typed accessors. */
    public Request withData(Map<String, Object> newData) {
        return new Request(operation, path, newData, namespace, mount, storage, token, contentType, remoteAddress, params, clientCertificates);
    }

    public Request withToken(TokenEntry t) {
        return new Request(operation, path, data, namespace, mount, storage, t, contentType, remoteAddress, params, clientCertificates);
    }

    public Request withOperation(Operation op) {
        return new Request(op, path, data, namespace, mount, storage, token, contentType, remoteAddress, params, clientCertificates);
    }

    /** A route parameter captured by name. */
    public String param(String name) {
        String v = params.get(name);
        if (v == null) {
            throw new IllegalStateException("route has no parameter " + name);
        }
        return v;
    }

    public boolean has(String field) {
        return data.containsKey(field) && data.get(field) != null;
    }

    public Object raw(String field) {
        return data.get(field);
    }

    public String string(String field, String fallback) {
        Object v = data.get(field);
        if (v == null) {
            return fallback;
        }
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        throw convert(field, v, "a string");
    }

    public String string(String field) {
        return string(field, "");
    }

    public long integer(String field, long fallback) {
        Object v = data.get(field);
        if (v == null || (v instanceof String s && s.isEmpty())) {
            return fallback;
        }
        if (v instanceof Number n) {
            if (n.doubleValue() != Math.rint(n.doubleValue())) {
                throw convert(field, v, "an integer");
            }
            return n.longValue();
        }
        if (v instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                throw convert(field, v, "an integer");
            }
        }
        throw convert(field, v, "an integer");
    }

    public boolean bool(String field, boolean fallback) {
        Object v = data.get(field);
        if (v == null || (v instanceof String s && s.isEmpty())) {
            return fallback;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Number n) {
            return n.doubleValue() != 0;
        }
        if (v instanceof String s) {
            switch (s.trim().toLowerCase()) {
                case "true", "1", "t" -> { return true; }
                case "false", "0", "f" -> { return false; }
                default -> throw convert(field, v, "a boolean");
            }
        }
        throw convert(field, v, "a boolean");
    }

    /** A duration given as seconds or a Go duration string ("1h30m"). */
    public Duration duration(String field, Duration fallback) {
        Object v = data.get(field);
        if (v == null || (v instanceof String s && s.isEmpty())) {
            return fallback;
        }
        if (!(v instanceof Number) && !(v instanceof String)) {
            throw convert(field, v, "a duration");
        }
        try {
            Duration d = Durations.parse(v);
            if (d.isNegative()) {
                throw VaultError.badRequest("\"" + field + "\" cannot be negative");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw VaultError.badRequest("error converting input for field \"" + field + "\": " + e.getMessage());
        }
    }

    /** A list of strings, given as a JSON array or a comma-separated string (Vault's comma-string slice). */
    public List<String> stringList(String field) {
        Object v = data.get(field);
        if (v == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (v instanceof String s) {
            for (String part : s.split(",")) {
                String t = part.trim();
                if (!t.isEmpty()) {
                    out.add(t);
                }
            }
            return out;
        }
        if (v instanceof Collection<?> c) {
            for (Object o : c) {
                if (o instanceof String || o instanceof Number || o instanceof Boolean) {
                    String t = o.toString().trim();
                    if (!t.isEmpty()) {
                        out.add(t);
                    }
                } else {
                    throw convert(field, v, "a list of strings");
                }
            }
            return out;
        }
        throw convert(field, v, "a list of strings");
    }

    /** A JSON object field; a JSON string holding an object is accepted too. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> map(String field) {
        Object v = data.get(field);
        if (v == null) {
            return Map.of();
        }
        if (v instanceof Map<?, ?> m) {
            return new LinkedHashMap<>((Map<String, Object>) m);
        }
        throw convert(field, v, "a map");
    }

    /** A map whose values must all be strings (custom_metadata, token metadata). */
    public Map<String, String> stringMap(String field) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : map(field).entrySet()) {
            Object v = e.getValue();
            if (v instanceof String || v instanceof Number || v instanceof Boolean) {
                out.put(e.getKey(), v.toString());
            } else {
                throw convert(field, v, "a map of strings");
            }
        }
        return out;
    }

    /** A type error that names the field and the expected type, never the value (it may be a secret). */
    private static VaultError convert(String field, Object value, String expected) {
        String got = value instanceof Map ? "an object" : value instanceof Collection ? "a list"
                : value instanceof String ? "a string" : value instanceof Boolean ? "a boolean"
                : value instanceof Number ? "a number" : "a value of another type";
        return VaultError.badRequest("error converting input for field \"" + field + "\": expected " + expected + ", got " + got);
    }
}
