package org.flowvault.vault.server.core;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.flowvault.vault.server.barrier.Barrier;
import org.flowvault.vault.server.internal.Base62;
import org.flowvault.vault.server.internal.ServerJson;
import org.flowvault.vault.server.namespace.Namespace;
import org.flowvault.vault.server.policy.PolicyStore;
import org.flowvault.vault.server.seal.SealManager;
import org.flowvault.vault.server.storage.Storage;

/**
 * The server's heart: seal state, and while unsealed the token store, the namespaces with their
 * mount tables and policies, and the audit broker. Requests go through {@link RequestPipeline}.
 * Everything except the seal configuration is stored behind the barrier. The token store, audit
 * and wrapping are ports ({@link CoreServices}) that the embedding {@code VaultServer} fills.
 */
public final class Core {
    private final Storage physical;
    private final Barrier barrier;
    private final SealManager seal;
    private final org.flowvault.vault.server.seal.Rekey rekey;
    private final org.flowvault.vault.server.seal.RootGeneration rootGeneration;
    private final CoreOptions options;
    private final Map<String, BackendFactory> factories;
    private final String clusterId = UUID.randomUUID().toString();
    private final String clusterName = "vault-cluster-" + clusterId.substring(0, 8);
    private final RequestPipeline pipeline;
    private final org.flowvault.vault.server.telemetry.Telemetry telemetry;

    private final CoreServices services;
    private volatile Tokens tokens;
    private volatile AuditLog audit;
    private volatile Wrapping wrapper;
    private volatile LeaseManager leases;
    private final Map<String, NamespaceState> namespaces = new ConcurrentHashMap<>();
    private final Events events = new Events(this);

    public Core(Storage physical, CoreOptions options, CoreServices services) {
        this.services = services;
        this.physical = physical;
        this.barrier = new Barrier(physical);
        this.seal = new SealManager(physical, barrier);
        this.rekey = new org.flowvault.vault.server.seal.Rekey(seal);
        this.rootGeneration = new org.flowvault.vault.server.seal.RootGeneration(seal);
        this.options = options;
        this.factories = new HashMap<>(options.backends());
        this.pipeline = new RequestPipeline(this, services.sealApi(this));
        this.telemetry = new org.flowvault.vault.server.telemetry.Telemetry(options.clock(), () -> !seal.sealed());
    }

    /** What {@code sys/metrics} reports: request timings and statuses, seal state, runtime. */
    public org.flowvault.vault.server.telemetry.Telemetry telemetry() {
        return telemetry;
    }

    /** Adds an engine type; call before the first unseal. */
    public void registerBackend(String type, BackendFactory factory) {
        factories.put(type, factory);
    }

    public ApiReply handle(ApiRequest request) {
        return pipeline.handle(request);
    }

    /**
     * Subscribes to event notifications ({@code sys/events/subscribe/TYPE}): each event the token
     * may see goes to {@code sink} as Vault's JSON, until the returned handle is closed or the
     * server ends it ({@code onEnd}: token revoked or expired, core sealed).
     *
     * @throws VaultError 400 for a malformed type pattern, 403 without a token allowed to subscribe, 503 while sealed
     */
    public AutoCloseable subscribeEvents(String token, String namespaceHeader, String typePattern,
                                         java.util.function.Consumer<String> sink, Runnable onEnd) {
        return events.subscribe(token, namespaceHeader, typePattern, sink, onEnd);
    }

    public SealManager seal() {
        return seal;
    }

    /** The unseal key rekey in progress, if any (sys/rekey/*). */
    public org.flowvault.vault.server.seal.Rekey rekey() {
        return rekey;
    }

    /** The root token generation in progress, if any (sys/generate-root/*). */
    public org.flowvault.vault.server.seal.RootGeneration rootGeneration() {
        return rootGeneration;
    }

    /** The barrier's active key (sys/key-status). */
    public Barrier.KeyStatus keyStatus() {
        return barrier.keyStatus();
    }

    /** A new root token in the root namespace, as init and sys/generate-root make; returns its id. */
    public synchronized String mintRootToken() {
        if (tokens == null) {
            throw VaultError.sealed();
        }
        return tokens.create(new TokenSpec(null, List.of("root"), "", Namespace.ROOT, "auth/token/root",
                Map.of(), "root", 0, java.time.Duration.ZERO, null, null, null, false, List.of())).id();
    }

    public CoreOptions options() {
        return options;
    }

    public Clock clock() {
        return options.clock();
    }

    public String clusterId() {
        return clusterId;
    }

    public String clusterName() {
        return clusterName;
    }

    public boolean sealed() {
        return seal.sealed();
    }

    public Tokens tokens() {
        return tokens;
    }

    public AuditLog audit() {
        return audit;
    }

    /** The secret leases of the unsealed core. */
    public LeaseManager leases() {
        return leases;
    }

    /** The backend serving {@code path} in a namespace, or null; for the lease manager. */
    private Backend backendFor(String namespacePath, String path) {
        NamespaceState state = namespaces.get(namespacePath);
        Mounted m = state == null ? null : state.mounts().match(path);
        return m == null ? null : m.backend;
    }

    public Wrapping wrapper() {
        return wrapper;
    }

    /** Result of {@link #initialize}: the unseal key shares and the initial root token. */
    public record InitResult(List<byte[]> keys, String rootToken) {
    }

    /**
     * Initializes storage, creates the root token and the built-in mounts, then seals again
     * (as Vault does) unless {@code stayUnsealed}.
     */
    public synchronized InitResult initialize(int shares, int threshold, String rootTokenId, boolean stayUnsealed) {
        SealManager.InitKeys keys = seal.init(shares, threshold);
        seal.unsealAfterInit();
        postUnseal();
        String root = rootTokenId == null ? mintRootToken()
                : tokens.create(new TokenSpec(rootTokenId, List.of("root"), "", Namespace.ROOT, "auth/token/root",
                        Map.of(), "root", 0, java.time.Duration.ZERO, null, null, null, false, List.of())).id();
        if (!stayUnsealed) {
            sealNow();
        }
        return new InitResult(keys.shares(), root);
    }

    /** Adds one unseal key share; returns true when the core is unsealed. */
    public synchronized boolean unseal(byte[] share) {
        if (!seal.sealed()) {
            return true;
        }
        if (seal.submit(share)) {
            postUnseal();
            return true;
        }
        return false;
    }

    public synchronized void sealNow() {
        if (leases != null) {
            leases.stop();
        }
        leases = null;
        events.endAll();
        namespaces.clear();
        if (tokens != null) {
            tokens.clearCache();
        }
        tokens = null;
        wrapper = null;
        if (audit != null) {
            audit.close();
        }
        audit = null;
        seal.seal();
    }

    private void postUnseal() {
        tokens = services.tokens(barrier.view("sys/token/"), options);
        namespaces.clear();
        loadNamespace(Namespace.ROOT);
        for (String id : barrier.list("core/namespaces/")) {
            loadNamespace(ServerJson.read(barrier.get("core/namespaces/" + id), Namespace.class));
        }
        audit = services.audit(barrier.view("core/audit/"), options.clock());
        wrapper = services.wrapping(barrier.view("sys/wrapping/"), tokens);
        LeaseManager l = new LeaseManager(barrier.view("sys/expire/id/"), options.clock(), this::backendFor);
        leases = l;
        tokens.whenRevoked(token -> l.revokeIssuedBy(token.accessor()));
    }

    private NamespaceState loadNamespace(Namespace ns) {
        Storage nsStorage = ns.isRoot() ? barrier : barrier.view(ns.storagePrefix());
        MountTable table = new MountTable(nsStorage);
        NamespaceState state = new NamespaceState(ns, table, new PolicyStore(nsStorage.view("sys/")));
        namespaces.put(ns.path(), state);
        List<MountEntry> secrets = table.stored(MountEntry.SECRETS);
        List<MountEntry> auths = table.stored(MountEntry.AUTH);
        if (secrets.isEmpty()) {
            secrets = List.of(newEntry(MountEntry.SECRETS, "sys/", "system", "system endpoints used for control, policy and debugging", Map.of()),
                    newEntry(MountEntry.SECRETS, "cubbyhole/", "cubbyhole", "per-token private secret storage", Map.of()));
        }
        if (auths.isEmpty()) {
            auths = List.of(newEntry(MountEntry.AUTH, "token/", "token", "token based credentials", Map.of()));
        }
        for (MountEntry e : secrets) {
            mountLive(state, e);
        }
        for (MountEntry e : auths) {
            mountLive(state, e);
        }
        table.persist(MountEntry.SECRETS);
        table.persist(MountEntry.AUTH);
        return state;
    }

    MountEntry newEntry(String table, String path, String type, String description, Map<String, String> opts) {
        String prefix = MountEntry.AUTH.equals(table) ? "auth_" : "";
        return new MountEntry(path, table, type, description, UUID.randomUUID().toString(),
                prefix + type + "_" + UUID.randomUUID().toString().substring(0, 8), 0, 0, "", opts, false, false);
    }

    private void mountLive(NamespaceState state, MountEntry entry) {
        BackendFactory factory = factories.get(entry.type());
        if (factory == null) {
            throw VaultError.badRequest("plugin not found in the catalog: " + entry.type());
        }
        Storage nsStorage = state.namespace().isRoot() ? barrier : barrier.view(state.namespace().storagePrefix());
        String routerPath = entry.routerPath();
        MountTable table = state.mounts();
        Storage mountStorage = nsStorage.view(entry.storagePrefix());
        MountContext ctx = new MountContext(() -> {
            Mounted live = table.get(routerPath);
            return live == null ? entry : live.entry; // during create, before the mount is live
        }, mountStorage,
                state.namespace(), tokens, options.clock(), options.defaultLeaseTtl(), options.maxLeaseTtl(), events);
        table.add(new Mounted(entry, factory.create(ctx), mountStorage));
    }

    // ---- namespaces ---------------------------------------------------------------------------

    NamespaceState namespaceState(String path) {
        return namespaces.get(path);
    }

    /** Child namespaces directly below {@code parent}. */
    public List<Namespace> childNamespaces(Namespace parent) {
        List<Namespace> out = new ArrayList<>();
        for (NamespaceState s : namespaces.values()) {
            Namespace n = s.namespace();
            if (!n.isRoot() && n.path().startsWith(parent.path())) {
                String rest = n.path().substring(parent.path().length());
                if (!rest.isEmpty() && rest.indexOf('/') == rest.length() - 1) {
                    out.add(n);
                }
            }
        }
        out.sort(Comparator.comparing(Namespace::path));
        return out;
    }

    public synchronized Namespace createNamespace(Namespace parent, String name, Map<String, String> metadata) {
        String path = parent.path() + name + "/";
        NamespaceState existing = namespaces.get(path);
        if (existing != null) {
            return existing.namespace();
        }
        Namespace ns = new Namespace(Base62.random(5), path, metadata);
        barrier.put("core/namespaces/" + ns.id(), ServerJson.write(ns));
        loadNamespace(ns);
        return ns;
    }

    public synchronized void deleteNamespace(Namespace ns) {
        if (!childNamespaces(ns).isEmpty()) {
            throw VaultError.badRequest("cannot delete namespace (\"" + ns.path() + "\") containing child namespaces");
        }
        namespaces.remove(ns.path());
        barrier.delete("core/namespaces/" + ns.id());
        barrier.deleteTree(ns.storagePrefix());
    }

    public Namespace namespaceById(String id) {
        if ("root".equals(id)) {
            return Namespace.ROOT;
        }
        for (NamespaceState s : namespaces.values()) {
            if (s.namespace().id().equals(id)) {
                return s.namespace();
            }
        }
        return null;
    }

    public Namespace namespace(String path) {
        NamespaceState s = namespaces.get(path);
        return s == null ? null : s.namespace();
    }

    public PolicyStore policies(Namespace ns) {
        return namespaces.get(ns.path()).policies();
    }

    // ---- mounts ---------------------------------------------------------------------------------

    /** Mounted entries of a table ("mounts" or "auth") in a namespace. */
    public List<MountEntry> mounts(Namespace ns, String table) {
        return namespaces.get(ns.path()).mounts().all(table).stream().map(m -> m.entry).toList();
    }

    public MountEntry mount(Namespace ns, String routerPath) {
        Mounted m = namespaces.get(ns.path()).mounts().get(routerPath);
        return m == null ? null : m.entry;
    }

    /** The mount serving a path, or null. */
    public MountEntry mountFor(Namespace ns, String path) {
        Mounted m = namespaces.get(ns.path()).mounts().match(path);
        return m == null ? null : m.entry;
    }

    public synchronized MountEntry enable(Namespace ns, String table, String path, String type, String description,
                                          Map<String, String> opts, long defaultTtl, long maxTtl) {
        if (!factories.containsKey(type) || "system".equals(type) || "token".equals(type) || "cubbyhole".equals(type)) {
            throw VaultError.badRequest("plugin not found in the catalog: " + type);
        }
        NamespaceState state = namespaces.get(ns.path());
        MountEntry entry = newEntry(table, path, type, description, opts).withTtls(defaultTtl, maxTtl);
        String conflict = state.mounts().conflict(entry.routerPath());
        if (conflict != null) {
            throw VaultError.badRequest(MountEntry.AUTH.equals(table)
                    ? "path is already in use at " + entry.routerPath()
                    : "path is already in use at " + conflict);
        }
        mountLive(state, entry);
        state.mounts().persist(table);
        return entry;
    }

    public synchronized void disable(Namespace ns, String routerPath) {
        NamespaceState state = namespaces.get(ns.path());
        if (state.mounts().get(routerPath) == null) {
            return; // Vault answers 204 for a path that is not mounted
        }
        if (ns.isRoot() && leases != null) {
            leases.revokePrefix(routerPath, true); // as Vault: an unmounted engine's secrets are revoked first
        }
        Mounted m = state.mounts().remove(routerPath);
        m.backend.cleanup();
        Storage nsStorage = ns.isRoot() ? barrier : barrier.view(ns.storagePrefix());
        nsStorage.deleteTree(m.entry.storagePrefix());
        state.mounts().persist(m.entry.table());
    }

    public synchronized void tune(Namespace ns, String routerPath, UnaryOperator<MountEntry> change) {
        NamespaceState state = namespaces.get(ns.path());
        state.mounts().replace(routerPath, change);
        state.mounts().persist(state.mounts().get(routerPath).entry.table());
    }
}
