package org.flowvault.vault.server.kv;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.flowvault.vault.server.core.Request;
import org.flowvault.vault.server.core.Response;
import org.flowvault.vault.server.core.VaultError;
import org.flowvault.vault.server.storage.Storage;

/**
 * {@code delete/<path>}, {@code undelete/<path>} and {@code destroy/<path>}: act on the listed
 * versions of a key. Unknown versions are skipped, as in Vault; a missing key is a no-op.
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2#delete-secret-versions">KV v2 API</a>
 */
final class VersionEndpoints {
    private final VersionedStore store;
    private final Clock clock;

    VersionEndpoints(VersionedStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Soft-deletes versions that are neither destroyed nor already deleted. */
    Response delete(Request request) {
        List<Long> versions = required(request, "No version number provided");
        return update(request, (record, now) -> {
            KeyRecord next = record;
            for (long v : versions) {
                VersionMetadata vm = next.versions().get(v);
                if (vm != null && vm.readableAt(now)) {
                    next = next.withVersion(v, vm.withDeletionTime(Timestamps.format(now)));
                }
            }
            return next;
        });
    }

    /**
     * Restores soft-deleted versions. A restored version is due for deletion again after
     * delete_version_after, counted from now.
     */
    Response undelete(Request request) {
        List<Long> versions = required(request, "No version number provided");
        KvConfig config = store.config(request.storage());
        return update(request, (record, now) -> {
            KeyRecord next = record;
            String deletion = record.deletionTimeFor(now, config);
            for (long v : versions) {
                VersionMetadata vm = next.versions().get(v);
                if (vm != null && !vm.destroyed()) {
                    next = next.withVersion(v, vm.withDeletionTime(deletion));
                }
            }
            return next;
        });
    }

    /** Marks versions destroyed, then removes their data for good. */
    Response destroy(Request request) {
        List<Long> versions = required(request, "no version number provided");
        String key = request.param("path");
        Storage storage = request.storage();
        ReentrantLock lock = store.lock(key);
        lock.lock();
        try {
            KeyRecord record = store.read(storage, key);
            if (record == null) {
                return Response.empty();
            }
            KeyRecord next = record;
            for (long v : versions) {
                VersionMetadata vm = next.versions().get(v);
                if (vm != null && !vm.destroyed()) {
                    next = next.withVersion(v, vm.asDestroyed());
                }
                if (v == next.currentVersion()) {
                    next = next.withoutCurrentData();
                }
            }
            // The metadata goes first, as in Vault: a crash then leaves unreachable data, never
            // a version marked live whose data is gone.
            store.save(storage, key, next);
            for (long v : versions) {
                if (v != next.currentVersion()) {
                    store.deleteVersionData(storage, key, v);
                }
            }
            return Response.empty();
        } finally {
            lock.unlock();
        }
    }

    private interface Change {
        KeyRecord apply(KeyRecord record, Instant now);
    }

    private Response update(Request request, Change change) {
        String key = request.param("path");
        Storage storage = request.storage();
        ReentrantLock lock = store.lock(key);
        lock.lock();
        try {
            KeyRecord record = store.read(storage, key);
            if (record == null) {
                return Response.empty();
            }
            store.save(storage, key, change.apply(record, clock.instant()));
            return Response.empty();
        } finally {
            lock.unlock();
        }
    }

    private static List<Long> required(Request request, String message) {
        List<Long> versions = Inputs.versions(request);
        if (versions.isEmpty()) {
            throw VaultError.badRequest(message);
        }
        return versions;
    }
}
