package org.flowvault.vault.server.wrapping;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowvault.vault.server.core.VaultError;
import org.flowvault.vault.server.internal.ServerJson;
import org.flowvault.vault.server.namespace.Namespace;
import org.flowvault.vault.server.storage.Storage;
import org.flowvault.vault.server.core.TokenEntry;
import org.flowvault.vault.server.core.TokenSpec;
import org.flowvault.vault.server.core.Tokens;
import org.flowvault.vault.server.core.Wrapping;

/**
 * Vault's response wrapping: a response requested with {@code X-Vault-Wrap-TTL} is stored behind
 * the barrier and replaced by a single-use wrapping token; {@code sys/wrapping/unwrap} returns the
 * original response once and revokes the token. The stored response is keyed by a hash of the
 * wrapping token, never by the token itself.
 */
public final class ResponseWrapper implements Wrapping {
    /** The policy name wrapping tokens carry (they are checked here, not by the ACL). */
    public static final String POLICY = "response-wrapping";

    private final Storage storage;
    private final Tokens tokens;

    public ResponseWrapper(Storage storage, Tokens tokens) {
        this.storage = storage;
        this.tokens = tokens;
    }

    /**
     * Stores {@code body} and returns Vault's envelope holding only {@code wrap_info}.
     *
     * @param wrappedAccessor the accessor of a token inside the body, or null
     */
    @Override
    public Map<String, Object> wrap(Map<String, Object> body, Duration ttl, Namespace ns, String creationPath,
                                    String wrappedAccessor, String requestId) {
        if (ttl.isZero() || ttl.isNegative()) {
            throw VaultError.badRequest("invalid wrap TTL: use a positive duration such as \"60s\"");
        }
        TokenEntry token = tokens.create(new TokenSpec(null, List.of(POLICY), "", ns, creationPath, Map.of(),
                "", 1, ttl, ttl, ttl, null, false, List.of()));
        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put("body", body);
        stored.put("creation_path", creationPath);
        stored.put("creation_time", Instant.ofEpochSecond(token.creationTime()).toString());
        stored.put("creation_ttl", ttl.toSeconds());
        storage.put(hash(token.id()), ServerJson.write(stored));

        Map<String, Object> info = new LinkedHashMap<>();
        info.put("token", token.id());
        info.put("accessor", token.accessor());
        info.put("ttl", ttl.toSeconds());
        info.put("creation_time", stored.get("creation_time"));
        info.put("creation_path", creationPath);
        if (wrappedAccessor != null) {
            info.put("wrapped_accessor", wrappedAccessor);
        }
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("request_id", requestId);
        envelope.put("lease_id", "");
        envelope.put("renewable", false);
        envelope.put("lease_duration", 0);
        envelope.put("data", null);
        envelope.put("wrap_info", info);
        envelope.put("warnings", null);
        envelope.put("auth", null);
        return envelope;
    }

    /** The wrapped response, once; the wrapping token is revoked. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> unwrap(String wrappingToken) {
        Map<String, Object> stored = stored(wrappingToken);
        storage.delete(hash(wrappingToken));
        tokens.revoke(tokens.lookup(wrappingToken));
        return (Map<String, Object>) stored.get("body");
    }

    /** creation_path, creation_time and creation_ttl of a live wrapping token. */
    public Map<String, Object> lookup(String wrappingToken) {
        Map<String, Object> stored = stored(wrappingToken);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("creation_path", stored.get("creation_path"));
        out.put("creation_time", stored.get("creation_time"));
        out.put("creation_ttl", stored.get("creation_ttl"));
        return out;
    }

    private Map<String, Object> stored(String wrappingToken) {
        TokenEntry t = wrappingToken == null || wrappingToken.isEmpty() ? null : tokens.lookup(wrappingToken);
        byte[] raw = t == null || !t.policies().contains(POLICY) ? null : storage.get(hash(wrappingToken));
        if (raw == null) {
            throw VaultError.badRequest("wrapping token is not valid or does not exist");
        }
        return ServerJson.readStored(raw);
    }

    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
