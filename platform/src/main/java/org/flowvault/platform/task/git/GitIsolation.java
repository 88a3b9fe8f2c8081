package org.flowvault.platform.task.git;

import java.io.IOException;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;

/**
 * Runs JGit work that sees no configuration but its own repository's: no system
 * ({@code /etc/gitconfig}), user ({@code ~/.gitconfig}, XDG) or JGit configuration, and no
 * environment variable ({@code GIT_SSH}, {@code GIT_CONFIG_*}, {@code XDG_CONFIG_HOME}...), so
 * that nothing set on the server — {@code url.*.insteadOf}, {@code http.extraHeader},
 * {@code http.proxy}, {@code http.cookieFile}, {@code core.hooksPath}, {@code core.sshCommand},
 * {@code core.fsmonitor} — applies to a flow's git step.
 *
 * <p>JGit reads these through its process-wide {@link SystemReader}. This class installs, once,
 * a reader that delegates to the one in place and answers empty only on a thread inside
 * {@link #run}: other threads and other JGit users of the JVM see exactly what they saw before.
 * A reader installed later by someone else is wrapped again on the next {@link #run}.
 */
final class GitIsolation {
    private static final ThreadLocal<Boolean> ISOLATED = ThreadLocal.withInitial(() -> Boolean.FALSE);

    /** Work with JGit's checked exceptions. */
    interface Work<T> {
        T run() throws GitAPIException, IOException;
    }

    private GitIsolation() {
    }

    /** Runs {@code work} on this thread with JGit's system, user and JGit configuration empty and no environment. */
    static <T> T run(Work<T> work) throws GitAPIException, IOException {
        install();
        boolean outer = ISOLATED.get();
        ISOLATED.set(Boolean.TRUE);
        try {
            return work.run();
        } finally {
            if (!outer) {
                ISOLATED.remove();
            }
        }
    }

    private static synchronized void install() {
        SystemReader current = SystemReader.getInstance();
        if (!(current instanceof Reader)) {
            SystemReader.setInstance(new Reader(current));
        }
    }

    /** An empty configuration that never reads or writes a file. */
    private static FileBasedConfig empty(Config parent, FS fs) {
        return new FileBasedConfig(parent, null, fs) {
            @Override
            public void load() {
                // nothing to read: that is the point
            }

            @Override
            public void save() {
                // never persist anything a transport might want to remember (e.g. sslVerify)
            }

            @Override
            public boolean isOutdated() {
                return false;
            }
        };
    }

    /** Delegates, except on isolated threads. */
    private static final class Reader extends SystemReader.Delegate {
        private final SystemReader delegate;

        Reader(SystemReader delegate) {
            super(delegate);
            this.delegate = delegate;
        }

        private static boolean isolated() {
            return ISOLATED.get();
        }

        @Override
        public String getenv(String variable) {
            return isolated() ? null : delegate.getenv(variable);
        }

        @Override
        public FileBasedConfig openUserConfig(Config parent, FS fs) {
            return isolated() ? empty(parent, fs) : delegate.openUserConfig(parent, fs);
        }

        @Override
        public FileBasedConfig openSystemConfig(Config parent, FS fs) {
            return isolated() ? empty(parent, fs) : delegate.openSystemConfig(parent, fs);
        }

        @Override
        public FileBasedConfig openJGitConfig(Config parent, FS fs) {
            return isolated() ? empty(parent, fs) : delegate.openJGitConfig(parent, fs);
        }

        // the base class caches these in the reader: on isolated threads answer fresh empty ones and cache nothing
        @Override
        public StoredConfig getUserConfig() throws org.eclipse.jgit.errors.ConfigInvalidException, IOException {
            return isolated() ? empty(null, FS.DETECTED) : delegate.getUserConfig();
        }

        @Override
        public StoredConfig getSystemConfig() throws org.eclipse.jgit.errors.ConfigInvalidException, IOException {
            return isolated() ? empty(null, FS.DETECTED) : delegate.getSystemConfig();
        }

        @Override
        public StoredConfig getJGitConfig() throws org.eclipse.jgit.errors.ConfigInvalidException, IOException {
            return isolated() ? empty(null, FS.DETECTED) : delegate.getJGitConfig();
        }
    }
}
