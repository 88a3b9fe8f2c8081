package org.flowvault.vault.server.kv;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.flowvault.vault.server.core.Request;
import org.flowvault.vault.server.core.VaultError;

/**
 * JSON merge patch (RFC 7386), the semantics of Vault's PATCH operations: a {@code null} member
 * removes the key, an object member merges into the object at that key, anything else (arrays
 * included) replaces the value. Inputs are never modified; the result shares no maps with them.
 */
final class MergePatch {
    static final String CONTENT_TYPE = "application/merge-patch+json";

    private MergePatch() {
    }

    /** Applies {@code patch} to {@code target} and returns the patched copy. */
    static Object apply(Object target, Object patch) {
        if (!(patch instanceof Map<?, ?> patchMap)) {
            return patch;
        }
        Map<String, Object> result = new LinkedHashMap<>();
        if (target instanceof Map<?, ?> targetMap) {
            for (Map.Entry<?, ?> e : targetMap.entrySet()) {
                result.put((String) e.getKey(), e.getValue());
            }
        }
        for (Map.Entry<?, ?> e : patchMap.entrySet()) {
            String key = (String) e.getKey();
            if (e.getValue() == null) {
                result.remove(key);
            } else {
                result.put(key, apply(result.get(key), e.getValue()));
            }
        }
        return result;
    }

    /** Applies an object patch to an object. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> apply(Map<String, Object> target, Map<String, Object> patch) {
        return (Map<String, Object>) apply((Object) target, (Object) patch);
    }

    /**
     * Vault accepts a PATCH only as {@value #CONTENT_TYPE}; anything else is a 415 with the
     * media type the client sent, and a missing header is the 400 of Go's media-type parser.
     */
    static void requireContentType(Request request) {
        String header = request.contentType();
        String mediaType = header == null ? "" : header.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (mediaType.isEmpty()) {
            throw VaultError.badRequest("mime: no media type");
        }
        if (!mediaType.equals(CONTENT_TYPE)) {
            throw VaultError.of(415, "PATCH requires Content-Type of " + CONTENT_TYPE + ", provided " + mediaType);
        }
    }
}
