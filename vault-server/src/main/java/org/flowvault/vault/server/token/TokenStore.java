package org.flowvault.vault.server.token;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.flowvault.vault.server.core.VaultError;
import org.flowvault.vault.server.internal.Durations;
import org.flowvault.vault.server.internal.ServerJson;
import org.flowvault.vault.server.namespace.Namespace;
import org.flowvault.vault.server.storage.Storage;
import org.flowvault.vault.server.core.TokenEntry;
import org.flowvault.vault.server.core.TokenSpec;
import org.flowvault.vault.server.core.Tokens;
import org.flowvault.vault.server.internal.Base62;

/**
 * Vault's token store: issues, looks up, renews and revokes tokens, with parent/child trees so
 * revoking a token revokes what it created. Entries live in the barrier under a SHA-256 of the
 * token id (so no token appears in a storage key) and are cached in memory. TTL arithmetic
 * follows Vault's {@code CalculateTTL}: renewals are capped by the explicit max TTL, the mount's
 * and the system's max TTL counted from creation, periodic tokens renew to their period.
 */
public final class TokenStore implements Tokens {

    /**
     * Jackson writes {@link TokenEntry#isRoot()} as a "root" property that the record cannot read
     * back; ignore it (and any field a later version adds) instead of failing every lookup that
     * misses the cache.
     */
    private static final ObjectReader ENTRY_READER = ServerJson.MAPPER.readerFor(TokenEntry.class)
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Storage storage;
    private final Clock clock;
    private final Duration systemDefaultTtl;
    private final Duration systemMaxTtl;
    private final Map<String, TokenEntry> cache = new ConcurrentHashMap<>();
    private volatile Consumer<TokenEntry> revoked = t -> { };

    /** @param storage a barrier view reserved for tokens */
    public TokenStore(Storage storage, Clock clock, Duration systemDefaultTtl, Duration systemMaxTtl) {
        this.storage = storage;
        this.clock = clock;
        this.systemDefaultTtl = systemDefaultTtl;
        this.systemMaxTtl = systemMaxTtl;
    }

    public Duration systemDefaultTtl() {
        return systemDefaultTtl;
    }

    public Duration systemMaxTtl() {
        return systemMaxTtl;
    }

    /**
     * The current time in whole seconds, rounded up: tokens are stamped with it and remaining TTLs
     * computed from it. Entries keep second precision, so stamping rounds up while expiry checks
     * round down ({@link #expiryNow}): a 3s token issued at x.9s lives until x+4s instead of
     * expiring early at x+3s, and a lookup never shows more TTL than was granted.
     */
    @Override
    public long now() {
        java.time.Instant t = clock.instant();
        return t.getNano() == 0 ? t.getEpochSecond() : t.getEpochSecond() + 1;
    }

    private long expiryNow() {
        return clock.instant().getEpochSecond();
    }

    /** Issues a token; the TTL rules of Vault's token store apply. */
    @Override
    public TokenEntry create(TokenSpec spec) {
        long now = now();
        List<String> policies = new ArrayList<>(new TreeSet<>(spec.policies()));
        boolean root = policies.contains("root");
        long explicitMax = spec.explicitMaxTtl() == null ? 0 : spec.explicitMaxTtl().toSeconds();
        long period = spec.period() == null ? 0 : spec.period().toSeconds();
        long maxTtl = effectiveMax(spec.maxTtl() == null ? 0 : spec.maxTtl().toSeconds(), explicitMax);
        long ttl = spec.ttl() == null ? 0 : spec.ttl().toSeconds();
        if (period > 0) {
            ttl = period;
            if (explicitMax > 0 && ttl > explicitMax) {
                ttl = explicitMax;
            }
        } else {
            if (ttl == 0 && !(root && explicitMax == 0)) {
                ttl = Math.min(systemDefaultTtl.toSeconds(), maxTtl);
            }
            if (ttl > maxTtl && !(root && spec.ttl() != null && spec.ttl().isZero())) {
                ttl = maxTtl;
            }
        }
        String ns = spec.namespace().isRoot() ? "" : "." + spec.namespace().id();
        String id = spec.id() == null || spec.id().isEmpty() ? "hvs." + random(24) + ns : spec.id();
        if (lookupRaw(id) != null) {
            throw VaultError.badRequest("cannot create a token with a duplicate ID");
        }
        TokenEntry entry = new TokenEntry(id, random(24) + ns, policies,
                spec.parent() == null ? "" : spec.parent(), spec.namespace().id(), spec.path(), spec.meta(),
                spec.displayName(), spec.numUses(), now, ttl, explicitMax, period, ttl == 0 ? 0 : now + ttl,
                spec.renewable() && ttl > 0, spec.parent() == null || spec.parent().isEmpty(), maxTtl, 0, spec.boundCidrs());
        persist(entry);
        storage.put("accessor/" + hash(entry.accessor()), entry.id().getBytes(StandardCharsets.UTF_8));
        if (!entry.parent().isEmpty()) {
            storage.put("parent/" + hash(entry.parent()) + "/" + hash(entry.id()), new byte[0]);
        }
        return entry;
    }

    private long effectiveMax(long mountMax, long explicitMax) {
        long max = mountMax > 0 ? Math.min(mountMax, systemMaxTtl.toSeconds()) : systemMaxTtl.toSeconds();
        if (explicitMax > 0 && explicitMax < max) {
            max = explicitMax;
        }
        return max;
    }

    /** The live token with this id, or null when unknown, revoked or expired. */
    @Override
    public TokenEntry lookup(String id) {
        if (id == null || id.isEmpty()) {
            return null;
        }
        TokenEntry e = lookupRaw(id);
        if (e == null) {
            return null;
        }
        if (e.expired(expiryNow())) {
            revoke(e);
            return null;
        }
        return e;
    }

    private TokenEntry lookupRaw(String id) {
        TokenEntry cached = cache.get(id);
        if (cached != null) {
            return cached;
        }
        byte[] raw = storage.get("id/" + hash(id));
        if (raw == null) {
            return null;
        }
        TokenEntry e = readEntry(raw);
        cache.put(id, e);
        return e;
    }

    @Override
    public TokenEntry lookupByAccessor(String accessor) {
        if (accessor == null || accessor.isEmpty()) {
            return null;
        }
        byte[] id = storage.get("accessor/" + hash(accessor));
        return id == null ? null : lookup(new String(id, StandardCharsets.UTF_8));
    }

    /** Accessors of every live token in a namespace (sys LIST auth/token/accessors). */
    @Override
    public List<String> accessors(Namespace namespace) {
        List<String> out = new ArrayList<>();
        for (String key : storage.list("accessor/")) {
            byte[] id = storage.get("accessor/" + key);
            if (id == null) {
                continue;
            }
            TokenEntry e = lookup(new String(id, StandardCharsets.UTF_8));
            if (e != null && e.namespaceId().equals(namespace.id())) {
                out.add(e.accessor());
            }
        }
        out.sort(null);
        return out;
    }

    /**
     * Counts one use of a limited-use token. Returns false when the token had no use left; the
     * last use revokes it, as in Vault (the request it authorizes still runs).
     */
    @Override
    public boolean use(TokenEntry entry) {
        if (entry.numUses() == 0) {
            return true;
        }
        synchronized (this) {
            TokenEntry current = lookupRaw(entry.id());
            if (current == null || current.numUses() <= 0) {
                return false;
            }
            int left = current.numUses() - 1;
            if (left == 0) {
                revoke(current);
            } else {
                persist(current.withUses(left));
            }
            return true;
        }
    }

    /**
     * Renews a token by {@code increment} (zero: its original TTL), capped as Vault caps it. Fails
     * with 400 when the token is not renewable or already past its max TTL.
     */
    @Override
    public Renewal renew(TokenEntry entry, Duration increment, long mountMaxTtl) {
        if (!entry.renewable() || entry.expireTime() == 0) {
            throw VaultError.badRequest("lease is not renewable");
        }
        long now = now();
        List<String> warnings = new ArrayList<>();
        long ttl;
        if (entry.period() > 0) {
            ttl = entry.period();
            if (entry.explicitMaxTtl() > 0) {
                long left = entry.creationTime() + entry.explicitMaxTtl() - now;
                if (left <= 0) {
                    throw VaultError.badRequest("past the max TTL, cannot renew");
                }
                if (ttl > left) {
                    warnings.add(capWarning(ttl, left));
                    ttl = left;
                }
            }
        } else {
            ttl = increment.isZero() ? entry.ttl() : increment.toSeconds();
            long max = entry.maxTtl() > 0 ? entry.maxTtl() : systemMaxTtl.toSeconds();
            if (mountMaxTtl > 0 && mountMaxTtl < max) {
                max = mountMaxTtl;
            }
            if (entry.explicitMaxTtl() > 0 && entry.explicitMaxTtl() < max) {
                max = entry.explicitMaxTtl();
            }
            long left = entry.creationTime() + max - now;
            if (left <= 0) {
                throw VaultError.badRequest("past the max TTL, cannot renew");
            }
            if (ttl > left) {
                warnings.add(capWarning(ttl, left));
                ttl = left;
            }
        }
        TokenEntry renewed = entry.renewed(ttl, now);
        persist(renewed);
        return new Renewal(renewed, warnings);
    }

    private static String capWarning(long ttl, long max) {
        return "TTL of \"" + humanDuration(ttl) + "\" exceeded the effective max_ttl of \""
                + humanDuration(max) + "\"; TTL value is capped accordingly";
    }

    /**
     * Vault's {@code humanDuration} (sdk/framework): Go's duration text without trailing zero
     * units, "1h" rather than "1h0m0s", "2m30s", "45s".
     */
    static String humanDuration(long seconds) {
        String s = Durations.format(Duration.ofSeconds(seconds));
        if (s.endsWith("m0s")) {
            s = s.substring(0, s.length() - 2);
        }
        int idx = s.indexOf("h0m");
        if (idx > 0) {
            s = s.substring(0, idx + 1) + s.substring(idx + 3);
        }
        return s;
    }

    /** Revokes a token and, recursively, every token it created. */
    @Override
    public void revoke(TokenEntry entry) {
        for (String child : storage.list("parent/" + hash(entry.id()) + "/")) {
            TokenEntry c = entryByHash(child);
            if (c != null) {
                revoke(c);
            }
            storage.delete("parent/" + hash(entry.id()) + "/" + child);
        }
        remove(entry);
    }

    /** Revokes a token but keeps its children, which become orphans. */
    @Override
    public void revokeOrphan(TokenEntry entry) {
        for (String child : storage.list("parent/" + hash(entry.id()) + "/")) {
            TokenEntry c = entryByHash(child);
            if (c != null) {
                persist(c.orphaned());
            }
            storage.delete("parent/" + hash(entry.id()) + "/" + child);
        }
        remove(entry);
    }

    private TokenEntry entryByHash(String idHash) {
        byte[] raw = storage.get("id/" + idHash);
        return raw == null ? null : readEntry(raw);
    }

    private static TokenEntry readEntry(byte[] raw) {
        try {
            return ENTRY_READER.readValue(raw);
        } catch (IOException e) {
            throw new UncheckedIOException("stored token entry is not valid JSON", e);
        }
    }

    @Override
    public void whenRevoked(Consumer<TokenEntry> listener) {
        this.revoked = listener;
    }

    private void remove(TokenEntry entry) {
        revoked.accept(entry);
        cache.remove(entry.id());
        storage.delete("id/" + hash(entry.id()));
        storage.delete("accessor/" + hash(entry.accessor()));
        if (!entry.parent().isEmpty()) {
            storage.delete("parent/" + hash(entry.parent()) + "/" + hash(entry.id()));
        }
    }

    private void persist(TokenEntry entry) {
        storage.put("id/" + hash(entry.id()), ServerJson.write(entry));
        cache.put(entry.id(), entry);
    }

    /** Drops the in-memory cache (on seal, so nothing outlives the barrier key). */
    @Override
    public void clearCache() {
        cache.clear();
    }

    static String hash(String value) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Random base62 string, for token ids and accessors. */
    public static String random(int length) {
        return Base62.random(length);
    }
}
