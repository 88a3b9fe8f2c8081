package org.flowvault.platform.credential;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.sdk.credential.CredentialDecryptionException;
import org.flowvault.sdk.credential.FieldCipher;
import org.flowvault.sdk.credential.FieldId;

/**
 * Moves every entry of a project to the current key version, then retires the older versions,
 * without downtime. Each entry is rewritten in its own short transaction (its row locked), so
 * runs and API reads see either the old ciphertexts, which the old versions still decrypt, or the
 * new ones. Versions are retired in a transaction that holds every version row's lock and first
 * checks that no field is left under them: a create or update that took the lock of an old
 * version before commits first and is picked up by another pass.
 */
public final class Reencryption {
    private static final int MAX_PASSES = 5;

    /**
     * @param reencrypted     how many entries were rewritten
     * @param retiredVersions the versions retired
     */
    public record Result(int reencrypted, List<Integer> retiredVersions) {
    }

    private final Database db;
    private final CredentialKeys keys;
    private final CredentialAudit audit;

    Reencryption(Database db, CredentialKeys keys, CredentialAudit audit) {
        this.db = db;
        this.keys = keys;
        this.audit = audit;
    }

    Result run(UUID pid, CredentialAudit.Actor actor) {
        int count = 0;
        for (int pass = 0; pass < MAX_PASSES; pass++) {
            Keyring ring = keys.keyring(pid);
            if (ring.isEmpty()) {
                throw PlatformException.invalid("the project has no credential key: generate or import one first");
            }
            List<UUID> ids = db.jdbi().withHandle(h -> EntryStore.notUnder(h, pid, ring.current()));
            for (UUID id : ids) {
                if (rewrite(id, ring, actor)) {
                    count++;
                }
            }
            Optional<List<Integer>> retired = db.jdbi().inTransaction(h -> {
                Keyring locked = keys.keyring(h, pid, true);
                if (locked.current() != ring.current() || !EntryStore.notUnder(h, pid, ring.current()).isEmpty()) {
                    return Optional.<List<Integer>>empty(); // a new version, or fields written meanwhile: another pass
                }
                return Optional.of(keys.retireBelow(h, pid, ring.current()));
            });
            if (retired.isPresent()) {
                audit.record(pid, null, null, CredentialAudit.Action.REENCRYPT, actor, CredentialAudit.OK);
                return new Result(count, retired.get());
            }
        }
        throw PlatformException.conflict("entries kept changing during the re-encryption (" + MAX_PASSES + " passes): try again");
    }

    private boolean rewrite(UUID id, Keyring ring, CredentialAudit.Actor actor) {
        return db.jdbi().inTransaction(h -> {
            Optional<CredentialEntry> found = EntryStore.lockById(h, id);
            if (found.isEmpty()) {
                return false; // deleted meanwhile
            }
            CredentialEntry e = found.get();
            String prefix = "v2:" + ring.current() + ":";
            Map<String, String> moved = new LinkedHashMap<>();
            for (String f : EntryFields.SECRET) {
                String stored = e.ciphertext(f);
                if (stored == null || stored.startsWith(prefix)) {
                    continue;
                }
                FieldId fid = new FieldId(e.project(), e.domain(), e.permissionedUserId(), f);
                String plain;
                try {
                    plain = FieldCipher.decrypt(ring.keys(), fid, stored);
                } catch (CredentialDecryptionException x) {
                    audit.record(e.projectId(), e.id(), f, CredentialAudit.Action.REENCRYPT, actor, CredentialAudit.FAILED);
                    throw PlatformException.conflict(x.getMessage() + "; nothing was retired: fix or delete the entry, then re-encrypt again");
                }
                moved.put(f, FieldCipher.encrypt(ring.currentKey(), ring.current(), fid, plain));
            }
            EntryStore.updateCiphertexts(h, id, moved);
            if (!moved.isEmpty()) {
                audit.recordAll(e.projectId(), e.id(), List.copyOf(moved.keySet()), CredentialAudit.Action.REENCRYPT, actor, CredentialAudit.OK);
            }
            return !moved.isEmpty();
        });
    }
}
