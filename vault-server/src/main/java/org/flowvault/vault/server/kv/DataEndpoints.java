package org.flowvault.vault.server.kv;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.flowvault.vault.server.core.Request;
import org.flowvault.vault.server.core.Response;
import org.flowvault.vault.server.core.VaultError;
import org.flowvault.vault.server.storage.Storage;

/**
 * {@code data/<path>}: read a version, write a new version, merge-patch the latest version,
 * soft-delete the latest version.
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2#read-secret-version">KV v2 API</a>
 */
final class DataEndpoints {
    private final VersionedStore store;
    private final Clock clock;

    DataEndpoints(VersionedStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The existence check: a key exists once it has metadata (even with every version deleted). */
    boolean exists(Request request) {
        return store.read(request.storage(), request.param("path")) != null;
    }

    Response read(Request request) {
        String key = request.param("path");
        long requested = request.integer("version", 0);
        KeyRecord record = store.read(request.storage(), key);
        if (record == null) {
            throw VaultError.notFound();
        }
        long version = requested > 0 ? requested : record.currentVersion();
        VersionMetadata vm = record.versions().get(version);
        if (vm == null) {
            throw VaultError.notFound();
        }
        Map<String, Object> metadata = Views.version(record, version, vm);
        if (!vm.readableAt(clock.instant())) {
            // Vault answers a deleted or destroyed version with 404 and its metadata, so that
            // clients can tell "deleted" from "never written".
            return Response.data(Views.pair("data", null, "metadata", metadata)).status(404);
        }
        Map<String, Object> data = store.versionData(request.storage(), key, record, version);
        if (data == null) {
            throw VaultError.notFound();
        }
        return Response.data(Views.pair("data", data, "metadata", metadata));
    }

    Response write(Request request) {
        String key = request.param("path");
        if (!request.has("data")) {
            throw VaultError.badRequest("no data provided");
        }
        Map<String, Object> data = Inputs.sorted(Inputs.field(request, "data"));
        Map<String, Object> options = Inputs.field(request, "options");
        Storage storage = request.storage();
        KvConfig config = store.config(storage);
        ReentrantLock lock = store.lock(key);
        lock.lock();
        try {
            KeyRecord record = store.read(storage, key);
            Inputs.checkCas(options, config, record);
            return addVersion(storage, key, record, config, data);
        } finally {
            lock.unlock();
        }
    }

    Response patch(Request request) {
        MergePatch.requireContentType(request);
        String key = request.param("path");
        if (!request.has("data")) {
            throw VaultError.badRequest("no data provided");
        }
        Map<String, Object> patch = Inputs.object(request, "data");
        Map<String, Object> options = Inputs.field(request, "options");
        Storage storage = request.storage();
        ReentrantLock lock = store.lock(key);
        lock.lock();
        try {
            KeyRecord record = store.read(storage, key);
            if (record == null) {
                throw VaultError.notFound();
            }
            KvConfig config = store.config(storage);
            Inputs.checkCas(options, config, record);
            VersionMetadata current = record.current();
            if (current == null) {
                throw VaultError.notFound();
            }
            if (!current.readableAt(clock.instant()) || record.currentData() == null) {
                // Unlike a read, Vault's PATCH 404 carries the version metadata unwrapped.
                return Response.data(Views.version(record, record.currentVersion(), current)).status(404);
            }
            Map<String, Object> patched = Inputs.sorted(MergePatch.apply(record.currentData(), patch));
            return addVersion(storage, key, record, config, patched);
        } finally {
            lock.unlock();
        }
    }

    /** Soft-deletes the latest version; a no-op when it is missing, deleted or destroyed. */
    Response delete(Request request) {
        String key = request.param("path");
        Storage storage = request.storage();
        ReentrantLock lock = store.lock(key);
        lock.lock();
        try {
            KeyRecord record = store.read(storage, key);
            if (record == null) {
                return Response.empty();
            }
            VersionMetadata current = record.current();
            Instant now = clock.instant();
            if (current == null || !current.readableAt(now)) {
                return Response.empty();
            }
            store.save(storage, key, record.withVersion(record.currentVersion(),
                    current.withDeletionTime(Timestamps.format(now))));
            return Response.empty();
        } finally {
            lock.unlock();
        }
    }

    private Response addVersion(Storage storage, String key, KeyRecord record, KvConfig config, Map<String, Object> data) {
        Instant now = clock.instant();
        KeyRecord base = record == null ? KeyRecord.created("") : record;
        KeyRecord.Added added = base.addVersion(Timestamps.format(now), base.deletionTimeFor(now, config),
                config.maxVersions(), data);
        store.saveNewVersion(storage, key, record, added);
        KeyRecord next = added.record();
        return Response.ofOwnData(Views.version(next, next.currentVersion(), next.current()));
    }
}
