package org.flowvault.vault.server.policy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.flowvault.vault.server.internal.ServerJson;
import org.flowvault.vault.server.storage.Storage;

/**
 * The named ACL policies, persisted under {@code policy/<name>} in the given storage as
 * {@code {"name": ..., "raw": ...}}, parsed once and cached, and the ACLs built from them, cached
 * per set of names until any policy changes. Thread-safe: writes are serialised; reads of cached policies and ACLs take no lock.
 *
 * <p>Like Vault: names are trimmed and lowercased; {@code root} is built in, cannot be written
 * or deleted, and grants everything; {@code default} is created on first start and can be edited
 * but not deleted.
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/system/policy">/sys/policy</a>
 */
public final class PolicyStore {
    private static final String ROOT = "root";
    private static final Policy ROOT_POLICY = new Policy(ROOT, "", List.of());

    private final Storage storage;
    private final Object writeLock = new Object();
    private final ConcurrentHashMap<String, Policy> policies = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<List<String>, CachedAcl> acls = new ConcurrentHashMap<>();
    private final AtomicLong version = new AtomicLong();

    private record CachedAcl(long version, Acl acl) {
    }

    /**
     * Opens the store over {@code storage} (keys {@code policy/<name>}), writing the default
     * policy if it is missing. Stored policies are parsed lazily, on first use.
     */
    public PolicyStore(Storage storage) {
        this.storage = Objects.requireNonNull(storage, "storage").view("policy/");
        synchronized (writeLock) {
            if (this.storage.get(DefaultPolicy.NAME) == null) {
                write(PolicyParser.parse(DefaultPolicy.NAME, DefaultPolicy.TEXT));
            }
        }
    }

    /**
     * The policy called {@code name} (trimmed, lowercased), or empty when there is none. The
     * built-in {@code root} policy is returned with empty text and no rules, as Vault reads it.
     *
     * @throws PolicyException if the stored text no longer parses (the storage was edited)
     */
    public Optional<Policy> get(String name) {
        String n = sanitize(name);
        if (n.equals(ROOT)) {
            return Optional.of(ROOT_POLICY);
        }
        Policy cached = policies.get(n);
        if (cached != null) {
            return Optional.of(cached);
        }
        byte[] bytes = storage.get(n);
        if (bytes == null) {
            return Optional.empty();
        }
        Map<String, Object> entry = ServerJson.readStored(bytes);
        Policy parsed = PolicyParser.parse(n, String.valueOf(entry.get("raw")));
        // a concurrent put may have cached a newer version meanwhile; keep that one
        synchronized (writeLock) {
            Policy now = policies.get(n);
            if (now != null) {
                return Optional.of(now);
            }
            if (storage.get(n) == null) {
                return Optional.empty();
            }
            policies.put(n, parsed);
        }
        return Optional.of(parsed);
    }

    /**
     * Creates or replaces the policy {@code name} with {@code text} (HCL or JSON), after parsing
     * it; the text is stored verbatim. Every cached ACL is invalidated.
     *
     * @throws PolicyException if the name is empty or contains '/' or control characters, if it
     *     is {@code root} ({@code cannot update "root" policy}), or if the text does not parse
     */
    public void put(String name, String text) {
        String n = sanitize(name);
        if (n.isEmpty()) {
            throw new PolicyException("policy name must be provided");
        }
        if (n.equals(ROOT)) {
            throw new PolicyException("cannot update \"root\" policy");
        }
        // Vault takes any name in the URL; '/' would nest the storage key, so it is refused here
        if (n.contains("/") || n.chars().anyMatch(Character::isISOControl)) {
            throw new PolicyException("invalid policy name \"" + n + "\": must not contain '/' or control characters");
        }
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) {
            throw new PolicyException("'policy' parameter not supplied or empty");
        }
        Policy policy = PolicyParser.parse(n, text);
        synchronized (writeLock) {
            write(policy);
        }
    }

    /**
     * Deletes the policy {@code name}; deleting a policy that does not exist is not an error.
     * Every cached ACL is invalidated.
     *
     * @throws PolicyException for {@code root} ({@code cannot delete "root" policy}) and
     *     {@code default} ({@code cannot delete default policy})
     */
    public void delete(String name) {
        String n = sanitize(name);
        if (n.equals(ROOT)) {
            throw new PolicyException("cannot delete \"root\" policy");
        }
        if (n.equals(DefaultPolicy.NAME)) {
            throw new PolicyException("cannot delete default policy");
        }
        synchronized (writeLock) {
            storage.delete(n);
            policies.remove(n);
            invalidate();
        }
    }

    /**
     * The policy names as {@code sys/policy} lists them: the stored names sorted, then
     * {@code root}, which Vault appends last.
     */
    public List<String> list() {
        List<String> names = new ArrayList<>(new TreeSet<>(storage.list("")));
        names.removeIf(k -> k.endsWith("/"));
        names.add(ROOT);
        return List.copyOf(names);
    }

    /**
     * The ACL for a token holding {@code policyNames}: names are sanitised, unknown names are
     * ignored (a token may outlive its policies), and any {@code root} makes it {@link Acl#root()}.
     * The result is cached per set of names until the next {@link #put} or {@link #delete}.
     */
    public Acl aclFor(Collection<String> policyNames) {
        if (policyNames.contains(ROOT)) {
            return Acl.root(); // the root token's hot path, without sorting its policy names
        }
        TreeSet<String> names = new TreeSet<>();
        for (String name : policyNames) {
            names.add(sanitize(name));
        }
        if (names.contains(ROOT)) {
            return Acl.root();
        }
        List<String> key = List.copyOf(names);
        long v = version.get();
        CachedAcl cached = acls.get(key);
        if (cached != null && cached.version() == v) {
            return cached.acl();
        }
        List<Policy> found = new ArrayList<>();
        for (String name : names) {
            get(name).ifPresent(found::add);
        }
        Acl acl = Acl.of(found);
        // stamped with the version read before loading: a write meanwhile makes it stale at once
        acls.put(key, new CachedAcl(v, acl));
        return acl;
    }

    /** Stores and caches {@code policy}; the caller holds {@link #writeLock}. */
    private void write(Policy policy) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", policy.name());
        entry.put("raw", policy.raw());
        storage.put(policy.name(), ServerJson.write(entry));
        policies.put(policy.name(), policy);
        invalidate();
    }

    private void invalidate() {
        version.incrementAndGet();
        acls.clear();
    }

    private static String sanitize(String name) {
        return Objects.requireNonNull(name, "name").strip().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "PolicyStore[cached=" + policies.size() + "]";
    }
}
