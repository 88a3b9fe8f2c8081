package org.flowvault.vault.server.kv;

import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.flowvault.vault.server.core.Backend;
import org.flowvault.vault.server.core.MountContext;
import org.flowvault.vault.server.core.Request;
import org.flowvault.vault.server.core.Response;

/**
 * A KV v1 mount that turns into a v2 mount when its {@code version} option is tuned to "2", as
 * in Vault. The upgrade runs on the first request after the tune, while requests wait.
 */
final class VersionSwitch implements Backend {
    private final MountContext context;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile Backend current;
    private volatile boolean versioned;

    VersionSwitch(MountContext context) {
        this.context = context;
        this.current = new KvV1Backend(context);
    }

    @Override
    public Response handle(Request request) {
        if (versioned) {
            return current.handle(request);
        }
        upgradeIfTuned();
        // v1 requests hold the read lock so that none writes behind the upgrade's scan.
        lock.readLock().lock();
        try {
            return current.handle(request);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public Boolean exists(Request request) {
        upgradeIfTuned();
        return current.exists(request);
    }

    @Override
    public Set<String> unauthenticatedPaths() {
        return current.unauthenticatedPaths();
    }

    @Override
    public Set<String> sudoPaths() {
        return current.sudoPaths();
    }

    private void upgradeIfTuned() {
        if (!versioned && "2".equals(context.entry().get().options().get("version"))) {
            lock.writeLock().lock();
            try {
                if (!versioned) {
                    Upgrade.toVersioned(context.storage(), context.clock());
                    current = new KvV2Backend(context.clock(), context);
                    versioned = true;
                }
            } finally {
                lock.writeLock().unlock();
            }
        }
    }
}
