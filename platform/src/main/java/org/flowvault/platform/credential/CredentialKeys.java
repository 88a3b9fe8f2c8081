package org.flowvault.platform.credential;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.flowvault.platform.crypto.SecretBox;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.db.Times;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.identity.Caller;
import org.flowvault.platform.identity.ProjectMembership;
import org.flowvault.sdk.credential.CredentialKey;
import org.jdbi.v3.core.Handle;

/**
 * Projects' credential keys: versions 1, 2, ... each a {@link CredentialKey} stored wrapped by the
 * platform's {@link SecretBox} with the version's identity ({@code credential_key:<project
 * id>:<version>}) as associated data, so a wrapped key moved to another project or version does
 * not unwrap. Admins generate (the key is shown once), import (64 hex characters, e.g. the seed
 * product's key) and rotate; members see the versions, never a key. The newest version that is
 * not retired encrypts; every version that is not retired decrypts. Thread-safe.
 */
public final class CredentialKeys {
    private final Database db;
    private final SecretBox box;
    private final ProjectMembership projects;
    private final CredentialAudit audit;
    private final Clock clock;

    CredentialKeys(Database db, SecretBox box, ProjectMembership projects, CredentialAudit audit, Clock clock) {
        this.db = db;
        this.box = box;
        this.projects = projects;
        this.audit = audit;
        this.clock = clock;
    }

    /** The project's key versions, oldest first (any member). */
    public List<KeyVersion> versions(Caller caller, String project) {
        UUID pid = projects.requireUsable(caller, project);
        record Row(int version, java.time.Instant created, boolean retired) {
        }
        List<Row> rows = db.jdbi().withHandle(h -> h.createQuery("SELECT version, created_at, retired_at FROM credential_keys "
                        + "WHERE project_id = :p ORDER BY version")
                .bind("p", pid)
                .map((rs, ctx) -> new Row(rs.getInt("version"), Times.instant(rs, "created_at"), rs.getObject("retired_at") != null))
                .list());
        int current = rows.stream().filter(r -> !r.retired()).mapToInt(Row::version).max().orElse(0);
        List<KeyVersion> out = new ArrayList<>(rows.size());
        rows.forEach(r -> out.add(new KeyVersion(r.version(), r.created(), r.retired(), r.version() == current)));
        return out;
    }

    /**
     * Generates a key as the project's new current version (admins). The answer is the only time
     * the key is shown.
     */
    public NewKey generate(Caller admin, String project) {
        admin.requireAdmin("generate credential keys");
        UUID pid = projects.requireUsable(admin, project);
        CredentialKey key = CredentialKey.generate();
        int version = store(pid, key);
        audit.record(pid, null, null, CredentialAudit.Action.KEY_GENERATE, CredentialAudit.Actor.user(admin.userId()), CredentialAudit.OK);
        return new NewKey(version, key);
    }

    /**
     * Imports {@code hex} (64 hex characters) as the project's new current version (admins), e.g.
     * the key of entries exported from the seed product.
     *
     * @throws PlatformException INVALID naming the field {@code import} and what a key looks like (never the text)
     */
    public KeyVersion importKey(Caller admin, String project, String hex) {
        admin.requireAdmin("import credential keys");
        UUID pid = projects.requireUsable(admin, project);
        CredentialKey key;
        try {
            key = CredentialKey.fromHex(Objects.requireNonNull(hex, "hex"));
        } catch (IllegalArgumentException e) {
            throw PlatformException.invalid("'import' must be a credential key: " + e.getMessage());
        }
        int version = store(pid, key);
        audit.record(pid, null, null, CredentialAudit.Action.KEY_IMPORT, CredentialAudit.Actor.user(admin.userId()), CredentialAudit.OK);
        return new KeyVersion(version, clock.instant(), false, true);
    }

    /**
     * A new current version (admins): new fields are encrypted under it; fields under older
     * versions stay readable until a re-encryption retires them. The key is shown once.
     *
     * @throws PlatformException INVALID when the project has no key yet (generate or import one)
     */
    public NewKey rotate(Caller admin, String project) {
        admin.requireAdmin("rotate credential keys");
        UUID pid = projects.requireUsable(admin, project);
        if (keyring(pid).isEmpty()) {
            throw PlatformException.invalid("project '" + project + "' has no credential key to rotate: generate or import one first");
        }
        CredentialKey key = CredentialKey.generate();
        int version = store(pid, key);
        audit.record(pid, null, null, CredentialAudit.Action.KEY_ROTATE, CredentialAudit.Actor.user(admin.userId()), CredentialAudit.OK);
        return new NewKey(version, key);
    }

    private int store(UUID pid, CredentialKey key) {
        for (int attempt = 0; ; attempt++) {
            try {
                return db.jdbi().inTransaction(h -> {
                    // locks the project's versions: concurrent generations and retirements take turns
                    List<Integer> versions = h.createQuery("SELECT version FROM credential_keys WHERE project_id = :p FOR UPDATE")
                            .bind("p", pid).mapTo(Integer.class).list();
                    int version = versions.stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
                    h.createUpdate("INSERT INTO credential_keys (project_id, version, wrapped_key, created_at) VALUES (:p, :v, :w, :t)")
                            .bind("p", pid).bind("v", version).bind("w", box.seal(key.toHex(), recordId(pid, version)))
                            .bind("t", Times.db(clock.instant())).execute();
                    return version;
                });
            } catch (RuntimeException e) {
                if (attempt >= 3) {
                    throw e;
                }
                // two first versions inserted at once: the loser takes the next number
            }
        }
    }

    /** The usable keys of project {@code pid}, unwrapped. */
    Keyring keyring(UUID pid) {
        return db.jdbi().withHandle(h -> keyring(h, pid, false));
    }

    /**
     * The usable keys, read on {@code h}; with {@code lock}, the version rows stay locked until the
     * transaction ends, so no version is retired meanwhile.
     */
    Keyring keyring(Handle h, UUID pid, boolean lock) {
        Map<Integer, CredentialKey> keys = new HashMap<>();
        h.createQuery("SELECT version, wrapped_key FROM credential_keys WHERE project_id = :p AND retired_at IS NULL"
                        + (lock ? " FOR UPDATE" : ""))
                .bind("p", pid)
                .map((rs, ctx) -> Map.entry(rs.getInt("version"), rs.getString("wrapped_key")))
                .forEach(e -> keys.put(e.getKey(), CredentialKey.fromHex(box.open(e.getValue(), recordId(pid, e.getKey())))));
        int current = keys.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
        return new Keyring(keys, current);
    }

    /** Retires every version below {@code current} (on a handle holding the versions' locks); returns them. */
    List<Integer> retireBelow(Handle h, UUID pid, int current) {
        List<Integer> retired = h.createQuery("SELECT version FROM credential_keys WHERE project_id = :p AND version < :v "
                        + "AND retired_at IS NULL ORDER BY version")
                .bind("p", pid).bind("v", current).mapTo(Integer.class).list();
        h.createUpdate("UPDATE credential_keys SET retired_at = :t WHERE project_id = :p AND version < :v AND retired_at IS NULL")
                .bind("t", Times.db(clock.instant())).bind("p", pid).bind("v", current).execute();
        return retired;
    }

    private static String recordId(UUID pid, int version) {
        return "credential_key:" + pid + ":" + version;
    }

    @Override
    public String toString() {
        return "CredentialKeys";
    }
}
