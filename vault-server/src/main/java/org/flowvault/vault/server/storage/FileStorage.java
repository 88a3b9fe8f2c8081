package org.flowvault.vault.server.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Vault's "file" storage: one file per key, the leaf name prefixed with '_' so that a key and a
 * folder of the same name can coexist (Vault's own layout). A put writes a temporary file,
 * forces it to disk, renames it over the old one and forces the directory, so an acknowledged
 * write survives {@code kill -9} and power loss, and a crash mid-write leaves the old value.
 */
public final class FileStorage implements Storage {
    /** What a put's temporary file name adds to a key's last segment: {@code "._" + leaf + "." + uuid + ".tmp"}. */
    static final int TEMP_AFFIX_BYTES = 2 + 1 + 36 + 4;
    /** The longest key segment that fits a 255-byte file name with the temporary file's affixes. */
    public static final int MAX_SEGMENT_BYTES = 255 - TEMP_AFFIX_BYTES;
    /** The longest key, leaving the storage root room within the file system's 4096-byte path limit. */
    public static final int MAX_KEY_BYTES = 3072;
    private final Path root;
    private final Object[] stripes = new Object[64];

    public FileStorage(Path root) {
        this.root = root.toAbsolutePath().normalize();
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new Object();
        }
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create storage directory " + this.root, e);
        }
    }

    @Override
    public byte[] get(String key) {
        Path file = fileFor(key);
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("storage read failed for key " + key, e);
        }
    }

    @Override
    public void put(String key, byte[] value) {
        Path file = fileFor(key);
        synchronized (stripe(key)) {
            try {
                Path dir = file.getParent();
                Files.createDirectories(dir);
                Path tmp = dir.resolve("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    ByteBuffer buf = ByteBuffer.wrap(value);
                    while (buf.hasRemaining()) {
                        ch.write(buf);
                    }
                    ch.force(true);
                }
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
                forceDirectory(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("storage write failed for key " + key, e);
            }
        }
    }

    @Override
    public void delete(String key) {
        Path file = fileFor(key);
        synchronized (stripe(key)) {
            try {
                Files.deleteIfExists(file);
                removeEmptyParents(file.getParent());
            } catch (IOException e) {
                throw new UncheckedIOException("storage delete failed for key " + key, e);
            }
        }
    }

    @Override
    public List<String> list(String prefix) {
        Path dir = prefix.isEmpty() ? root : dirFor(prefix);
        List<String> out = new ArrayList<>();
        try (Stream<Path> children = Files.list(dir)) {
            children.forEach(p -> {
                String name = p.getFileName().toString();
                if (name.startsWith(".")) {
                    return; // temporary files of an interrupted put
                }
                if (Files.isDirectory(p)) {
                    out.add(name + "/");
                } else if (name.startsWith("_")) {
                    out.add(name.substring(1));
                }
            });
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("storage list failed for prefix " + prefix, e);
        }
        out.sort(null);
        return out;
    }

    private Object stripe(String key) {
        return stripes[Math.floorMod(key.hashCode(), stripes.length)];
    }

    private Path fileFor(String key) {
        checkKey(key);
        int slash = key.lastIndexOf('/');
        String dir = slash < 0 ? "" : key.substring(0, slash);
        String leaf = key.substring(slash + 1);
        Path base = dir.isEmpty() ? root : root.resolve(dir);
        return base.resolve("_" + leaf);
    }

    private Path dirFor(String prefix) {
        String dir = prefix.substring(0, prefix.length() - 1);
        checkKey(dir);
        return root.resolve(dir);
    }

    /**
     * Keys are built by the server, but user paths and names flow into them: refuse anything that
     * escapes the root or that the file system cannot hold (a file name is at most 255 bytes, and
     * a put's temporary file adds {@value #TEMP_AFFIX_BYTES} bytes to the key's last segment).
     */
    private static void checkKey(String key) {
        if (key.isEmpty() || key.startsWith("/") || key.endsWith("/")) {
            throw new InvalidKeyException("the storage key is empty or starts or ends with '/'");
        }
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw new InvalidKeyException("stored (encrypted) it would be longer than the file storage allows ("
                    + MAX_KEY_BYTES + " bytes); use fewer or shorter path segments");
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || segment.indexOf('\0') >= 0) {
                throw new InvalidKeyException("the storage key has an empty, '.', '..' or NUL-holding segment");
            }
            if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
                throw new InvalidKeyException("a segment, stored (encrypted), would be longer than a file name may be ("
                        + MAX_SEGMENT_BYTES + " bytes); use shorter path segments");
            }
        }
    }

    private void removeEmptyParents(Path dir) throws IOException {
        while (dir != null && !dir.equals(root) && dir.startsWith(root)) {
            try {
                Files.deleteIfExists(dir);
            } catch (DirectoryNotEmptyException e) {
                return;
            }
            dir = dir.getParent();
        }
    }

    private static void forceDirectory(Path dir) {
        // Makes the rename durable; some file systems refuse to open a directory, which is harmless.
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // best effort: the data file itself has been forced
        }
    }
}
