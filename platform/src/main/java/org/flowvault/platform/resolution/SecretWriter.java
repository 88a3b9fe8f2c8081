package org.flowvault.platform.resolution;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.flowvault.platform.audit.AuditAction;
import org.flowvault.platform.audit.AuditRecord;
import org.flowvault.platform.audit.AuditTrail;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.reference.VaultPaths;
import org.flowvault.platform.identity.Caller;
import org.flowvault.platform.identity.ProjectMembership;
import org.flowvault.platform.vaultconfig.VaultAccess;
import org.flowvault.platform.vaultconfig.VaultConfiguration;
import org.flowvault.platform.vaultconfig.VaultIdentity;
import org.flowvault.vault.client.VaultException;
import org.flowvault.vault.client.kv.KvLocation;

/**
 * Writes secrets to Vault from flows: seed 000's {@code vault_config(name).write_secret(path, dict)},
 * with the caller's identity as the configuration prescribes. Paths are written as users write
 * them elsewhere (API {@code secret/data/app} or logical {@code secret/app}, KV v1 or v2, nested
 * mounts, the configuration's namespace). A write replaces the secret's data (a new version on KV
 * v2) and then forgets the cached copies of that path for every identity, on this node and on
 * every node sharing a PostgreSQL database.
 *
 * <p>Thread-safe.
 */
public final class SecretWriter {
    private final VaultAccess access;
    private final ProjectMembership membership;
    private final SecretCache cache;
    private final AuditTrail audit;

    public SecretWriter(VaultAccess access, ProjectMembership membership, SecretCache cache) {
        this(access, membership, cache, AuditTrail.none());
    }

    /** A writer that records every write, with its outcome and the version written, in {@code audit}. */
    public SecretWriter(VaultAccess access, ProjectMembership membership, SecretCache cache, AuditTrail audit) {
        this.access = Objects.requireNonNull(access, "access");
        this.membership = Objects.requireNonNull(membership, "membership");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    /**
     * Writes {@code data} at {@code path}.
     *
     * @param configName the configuration's name, or null for the project's first usable configuration
     * @param data       the key/value pairs (values: strings, numbers, booleans, lists, maps); not empty
     * @return the version written on KV v2, 0 on KV v1
     * @throws PlatformException NOT_FOUND when the project or configuration is not usable by the caller;
     *         FORBIDDEN when Vault denies the write (naming configuration and path); INVALID for a bad
     *         path or empty data; UNAVAILABLE when Vault is down
     */
    public long write(String configName, UUID projectId, Caller caller, String path, Map<String, ?> data) {
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(caller, "caller");
        if (!membership.canUse(caller, projectId)) {
            throw PlatformException.notFound("project " + projectId + " not found");
        }
        if (data == null || data.isEmpty()) {
            throw PlatformException.invalid("write_secret needs at least one key/value pair");
        }
        String p = normalize(path);
        VaultConfiguration config = configuration(configName, projectId, p);
        VaultIdentity identity = access.identity(config, caller);
        KvLocation loc;
        try {
            loc = KvPaths.locate(config, identity, p);
        } catch (VaultException e) {
            throw Failures.of(e, config.name(), p);
        }
        AuditRecord.Builder record = AuditRecord.of(AuditAction.SECRET_WRITE).caller(caller).project(projectId)
                .config(config.name(), config.namespace());
        long version;
        try {
            version = KvPaths.client(config, identity).kv(loc.mount(), loc.version()).put(loc.path(), data);
        } catch (VaultException e) {
            PlatformException failure = Failures.of(e, config.name(), p);
            audit.record(record.secret(loc.mount(), p, null).detail(failure.reason().name())
                    .outcome(failure.reason() == PlatformException.Reason.FORBIDDEN ? AuditRecord.Outcome.DENIED : AuditRecord.Outcome.FAILED)
                    .build());
            throw failure;
        } finally {
            // Also after a failure: the write may have reached Vault before the answer was lost.
            cache.invalidate(new Invalidation(config.id(), loc.logicalPath()));
        }
        audit.record(record.secret(loc.mount(), p, version == 0 ? null : version).build());
        return version;
    }

    private VaultConfiguration configuration(String name, UUID projectId, String path) {
        if (name == null || name.isBlank()) {
            List<VaultConfiguration> usable = access.usableIn(projectId);
            if (usable.isEmpty()) {
                throw PlatformException.notFound("cannot write \"" + path + "\": no vault configuration is enabled for this project");
            }
            return usable.getFirst();
        }
        return access.find(name, projectId).orElseThrow(() -> PlatformException.notFound("vault configuration \"" + name
                + "\" does not exist, is disabled, or is not available to this project"));
    }

    private static String normalize(String path) {
        if (path == null) {
            throw PlatformException.invalid("write_secret needs a path, e.g. secret/data/app");
        }
        String p = path.strip();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.isEmpty()) {
            throw PlatformException.invalid("write_secret needs a path, e.g. secret/data/app");
        }
        String checked = p;
        VaultPaths.problem(checked).ifPresent(problem -> {
            throw PlatformException.invalid("the secret's path: " + problem);
        });
        return checked;
    }

    @Override
    public String toString() {
        return "SecretWriter";
    }
}
