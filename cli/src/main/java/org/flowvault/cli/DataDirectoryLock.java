package org.flowvault.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One {@code flowvault dev} per data directory: an operating-system lock on {@code DIR/.lock},
 * taken before anything in the directory is opened. Two processes on one directory would each
 * start the embedded Vault on the same storage; the second one is told which process holds the
 * directory instead. The OS drops the lock when the holder ends, even by SIGKILL, so a stale
 * lock file never blocks a restart.
 */
final class DataDirectoryLock implements AutoCloseable {
    /** The data directory is held by another process (or, in one JVM, another command). */
    static final class InUse extends Exception {
        InUse(String message) {
            super(message, null, false, false);
        }
    }

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code data} (an existing directory) for this process.
     *
     * @throws InUse naming the holder's process id when another process holds it
     * @throws IOException when the lock file cannot be created or locked at all
     */
    static DataDirectoryLock acquire(Path data) throws InUse, IOException {
        Path file = data.resolve(".lock");
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            String holder = holder(file);
            channel.close();
            throw new InUse("the data directory " + data.toAbsolutePath().normalize() + " is in use by another 'flowvault dev'"
                    + (holder.isEmpty() ? "" : " (process " + holder + ")")
                    + ". Stop it first, or give this one its own directory with --data DIR (and other addresses with --listen and --vault-listen).");
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        channel.force(false);
        return new DataDirectoryLock(channel, lock);
    }

    /** The process id the holder wrote, or empty. */
    private static String holder(Path file) {
        try {
            String pid = Files.readString(file, StandardCharsets.US_ASCII).strip();
            return pid.matches("\\d{1,10}") ? pid : "";
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // the process is ending or the directory is gone: the OS releases the lock either way
        }
    }
}
