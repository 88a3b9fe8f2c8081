package org.flowvault.platform.resolution;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.flowvault.platform.audit.AuditAction;
import org.flowvault.platform.audit.AuditRecord;
import org.flowvault.platform.audit.AuditTrail;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.identity.Caller;
import org.flowvault.platform.identity.ProjectMembership;
import org.flowvault.platform.reference.Reference;
import org.flowvault.platform.reference.VaultPaths;
import org.flowvault.platform.vaultconfig.VaultAccess;
import org.flowvault.platform.vaultconfig.VaultConfiguration;
import org.flowvault.platform.vaultconfig.VaultIdentity;
import org.flowvault.vault.client.VaultException;
import org.flowvault.vault.client.core.VaultClient;
import org.flowvault.vault.client.kv.KvVersion;
import org.flowvault.vault.client.logical.VaultResponse;

/**
 * Browses Vault for the key-icon picker, always as the identity a resolution would use
 * ({@link VaultAccess#identity}: the caller's registered token, or the configuration's machine
 * identity): the configurations in the project's scope, then the KV mounts that identity can see,
 * then folders and secrets, then one secret's key names. What the identity may not list or read is
 * left out, and asking for it directly is answered NOT_FOUND, exactly as for what does not exist.
 * Key names only: a value never leaves this class. Every listing read from Vault is audited
 * ({@link AuditAction#VAULT_BROWSE}, {@link AuditAction#VAULT_BROWSE_KEYS}: one record, no value)
 * before it is returned; the list of configurations reads nothing from Vault and is not.
 *
 * <p>Thread-safe.
 */
public final class VaultBrowser {
    private final VaultAccess access;
    private final ProjectMembership membership;
    private final AuditTrail audit;

    public VaultBrowser(VaultAccess access, ProjectMembership membership, AuditTrail audit) {
        this.access = Objects.requireNonNull(access, "access");
        this.membership = Objects.requireNonNull(membership, "membership");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    /** What a listing holds. */
    public enum Kind {
        /** The configurations in the project's scope. */
        CONFIGS,
        /** The KV mounts the identity can see. */
        MOUNTS,
        /** The folders and secrets below a folder the identity may list. */
        FOLDER,
        /** The key names of one secret the identity may read. */
        SECRET
    }

    /**
     * One thing to pick.
     *
     * @param name      what to show: a configuration, {@code mount/}, {@code folder/}, a secret's or a key's name
     * @param kind      {@code config}, {@code mount}, {@code folder}, {@code secret} or {@code key}
     * @param path      the path to browse next (null for configurations and keys)
     * @param reference for a key: the reference to insert into a field ({@code vault.secret(CONFIG:PATH.KEY)}), else null
     */
    public record Entry(String name, String kind, String path, String reference) {
    }

    /**
     * A listing.
     *
     * @param config  the configuration browsed, null for {@link Kind#CONFIGS}
     * @param path    the path listed ("" for configurations and mounts; ends with "/" for a folder)
     * @param kind    what the entries are
     * @param entries sorted by name
     * @param attach  for a secret: the {@code config:path} entry that attaches all its keys, else null
     */
    public record Listing(String config, String path, Kind kind, List<Entry> entries, String attach) {
        public Listing {
            entries = List.copyOf(entries);
        }
    }

    /**
     * Lists what {@code caller} may pick in the project: with no {@code config} the configurations,
     * with no {@code path} the mounts, with a path ending in "/" a folder, else a secret's keys.
     *
     * @throws PlatformException NOT_FOUND when the caller may not use the project, the configuration is
     *         not in its scope, or the path does not exist or may not be listed/read by the identity;
     *         INVALID for a malformed path; UNAUTHENTICATED when a USER_TOKEN configuration has no
     *         usable token of the caller; UNAVAILABLE when Vault is down
     */
    public Listing browse(Caller caller, UUID projectId, String config, String path) {
        Objects.requireNonNull(caller, "caller");
        if (!membership.canUse(caller, projectId)) {
            throw PlatformException.notFound("project not found, or you are not a member of it");
        }
        if (config == null || config.isEmpty()) {
            List<Entry> configs = access.usableIn(projectId).stream().map(c -> new Entry(c.name(), "config", "", null)).toList();
            return new Listing(null, "", Kind.CONFIGS, configs, null);
        }
        VaultConfiguration c = access.find(config, projectId).orElseThrow(() -> PlatformException.invalidField("config",
                "no enabled vault configuration of that name is available to this project; pick one of the project's configurations"));
        AuditRecord.Builder record = AuditRecord.of(AuditAction.VAULT_BROWSE).caller(caller).project(projectId).config(c.name(), c.namespace());
        Listing listing;
        try {
            listing = read(c, caller, path);
        } catch (PlatformException e) {
            // an invalid path is input that failed validation: not stored (it may be any length)
            String asked = e.reason() == PlatformException.Reason.INVALID || path == null ? null : KvPaths.strip(path);
            audit.record(record.secret(null, asked == null || asked.isEmpty() ? null : asked, null)
                    .outcome(e.reason() == PlatformException.Reason.NOT_FOUND || e.reason() == PlatformException.Reason.FORBIDDEN
                            ? AuditRecord.Outcome.DENIED : AuditRecord.Outcome.FAILED)
                    .detail(e.reason().name()).build());
            throw e;
        }
        if (listing.kind() == Kind.SECRET) {
            record = AuditRecord.of(AuditAction.VAULT_BROWSE_KEYS).caller(caller).project(projectId).config(c.name(), c.namespace());
        }
        audit.record(record.secret(null, listing.path().isEmpty() ? null : listing.path(), null).detail(listing.kind().name().toLowerCase(java.util.Locale.ROOT)).build());
        return listing;
    }

    private Listing read(VaultConfiguration c, Caller caller, String path) {
        VaultIdentity identity = access.identity(c, caller);
        VaultClient client = client(c, identity);
        List<KvMount> mounts = mounts(c, client);
        String p = path == null ? "" : KvPaths.strip(path);
        if (p.isEmpty()) {
            List<Entry> entries = mounts.stream().map(m -> new Entry(m.path() + "/", "mount", m.path() + "/", null)).toList();
            return new Listing(c.name(), "", Kind.MOUNTS, entries, null);
        }
        VaultPaths.problem(p).ifPresent(problem -> {
            throw PlatformException.invalidField("path", problem);
        });
        KvMount mount = mounts.stream().filter(m -> p.equals(m.path()) || p.startsWith(m.path() + "/"))
                .max(Comparator.comparingInt(m -> m.path().length()))
                .orElseThrow(() -> hidden());
        String rest = p.length() > mount.path().length() ? p.substring(mount.path().length() + 1) : "";
        if (mount.version() == KvVersion.V2 && (rest.startsWith("data/") || rest.startsWith("metadata/"))) {
            rest = rest.substring(rest.indexOf('/') + 1); // the API form names the same secret
        }
        try {
            if (path.endsWith("/") || rest.isEmpty()) {
                return folder(c, client, mount, rest);
            }
            try {
                return secret(c, client, mount, rest);
            } catch (VaultException.PermissionDenied | VaultException.NotFound e) {
                return folder(c, client, mount, rest); // a folder typed without its trailing "/"
            }
        } catch (VaultException.PermissionDenied | VaultException.NotFound e) {
            throw hidden();
        } catch (VaultException e) {
            throw Failures.of(e, c.name(), p);
        }
    }

    private record KvMount(String path, KvVersion version) {
    }

    private static Listing folder(VaultConfiguration c, VaultClient client, KvMount mount, String rest) {
        String dir = rest.isEmpty() ? "" : rest + "/";
        String listPath = mount.version() == KvVersion.V2 ? mount.path() + "/metadata/" + dir : mount.path() + "/" + dir;
        List<String> names = client.logical().list(listPath);
        if (names.isEmpty() && !dir.isEmpty()) {
            throw hidden();
        }
        // Only what the identity may use: list on a folder, read on a secret (one capabilities call).
        List<String> checks = new ArrayList<>(names.size());
        for (String n : names) {
            checks.add(n.endsWith("/")
                    ? listPath + n
                    : (mount.version() == KvVersion.V2 ? mount.path() + "/data/" : mount.path() + "/") + dir + n);
        }
        Map<String, Object> caps = names.isEmpty() ? Map.of()
                : client.logical().write("sys/capabilities-self", Map.of("paths", checks)).data();
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            boolean folder = n.endsWith("/");
            if (allows(caps.get(checks.get(i)), folder ? "list" : "read")) {
                entries.add(new Entry(n, folder ? "folder" : "secret", mount.path() + "/" + dir + n, null));
            }
        }
        entries.sort(Comparator.comparing(Entry::name));
        return new Listing(c.name(), mount.path() + "/" + dir, Kind.FOLDER, entries, null);
    }

    private static Listing secret(VaultConfiguration c, VaultClient client, KvMount mount, String rest) {
        Map<String, Object> data = client.kv(mount.path(), mount.version()).get(rest).data();
        String logical = mount.path() + "/" + rest;
        List<Entry> keys = new ArrayList<>(data.size());
        for (String key : data.keySet()) {
            keys.add(new Entry(key, "key", null, new Reference.PathKey(c.name(), logical, key, false).text()));
        }
        keys.sort(Comparator.comparing(Entry::name));
        return new Listing(c.name(), logical, Kind.SECRET, keys, c.name() + ":" + logical);
    }

    /** The KV mounts the identity can see ({@code sys/internal/ui/mounts}); the configuration's default mount when Vault will not say. */
    private static List<KvMount> mounts(VaultConfiguration c, VaultClient client) {
        KvMount fallback = new KvMount(KvPaths.strip(c.kvMount()),
                c.kvVersion() == VaultConfiguration.KvVersionSetting.V1 ? KvVersion.V1 : KvVersion.V2);
        VaultResponse answer;
        try {
            answer = client.logical().read("sys/internal/ui/mounts");
        } catch (VaultException.PermissionDenied | VaultException.NotFound | VaultException.InvalidRequest e) {
            return List.of(fallback);
        } catch (VaultException e) {
            throw Failures.of(e, c.name(), "sys/internal/ui/mounts");
        }
        List<KvMount> out = new ArrayList<>();
        if (answer.data().get("secret") instanceof Map<?, ?> secret) {
            for (Map.Entry<?, ?> e : secret.entrySet()) {
                if (e.getValue() instanceof Map<?, ?> m && m.get("type") instanceof String type
                        && (type.equals("kv") || type.equals("generic") || type.equals("kv-v2"))) {
                    boolean v2 = type.equals("kv-v2") || m.get("options") instanceof Map<?, ?> o && "2".equals(String.valueOf(o.get("version")));
                    out.add(new KvMount(KvPaths.strip(String.valueOf(e.getKey())), v2 ? KvVersion.V2 : KvVersion.V1));
                }
            }
        }
        out.sort(Comparator.comparing(KvMount::path));
        return out;
    }

    private static boolean allows(Object capabilities, String needed) {
        if (!(capabilities instanceof List<?> l)) {
            return false;
        }
        return l.contains(needed) || l.contains("root");
    }

    private static VaultClient client(VaultConfiguration config, VaultIdentity identity) {
        return KvPaths.client(config, identity);
    }

    private static PlatformException hidden() {
        return PlatformException.notFound("nothing there that you may list or read: the path does not exist, or the identity "
                + "this configuration uses for you (your registered token, or its machine identity) has no policy for it");
    }

    @Override
    public String toString() {
        return "VaultBrowser";
    }
}
