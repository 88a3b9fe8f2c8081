package org.flowvault.vault.server.audit;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/** A "file" audit device: JSON lines appended to a file (or "stdout"/"discard", as in Vault). */
public final class AuditDevice {
    /** The persisted, listable part of a device. */
    public record Config(@JsonProperty("path") String path, @JsonProperty("type") String type,
                         @JsonProperty("description") String description,
                         @JsonProperty("options") Map<String, String> options) {
    }

    private final Config config;
    private final byte[] key;
    private FileChannel channel;

    AuditDevice(Config config, byte[] key) {
        this.config = config;
        this.key = key;
    }

    Config config() {
        return config;
    }

    private String target() {
        return config.options().getOrDefault("file_path", config.options().getOrDefault("path", ""));
    }

    synchronized void open() throws IOException {
        String t = target();
        if (t.equals("stdout") || t.equals("discard")) {
            return;
        }
        channel = FileChannel.open(Path.of(t), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    synchronized void write(byte[] line) throws IOException {
        String t = target();
        if (t.equals("discard")) {
            return;
        }
        if (t.equals("stdout")) {
            System.out.println(new String(line, java.nio.charset.StandardCharsets.UTF_8));
            return;
        }
        // A rotated or removed log file is reopened; when that fails the request fails (Vault's rule).
        if (channel == null || !channel.isOpen() || !java.nio.file.Files.exists(Path.of(t))) {
            close();
            open();
        }
        ByteBuffer buf = ByteBuffer.allocate(line.length + 1).put(line).put((byte) '\n').flip();
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
    }

    String hmac(String input) {
        return AuditBroker.hmacHex(key, input);
    }

    Object redact(Object value) {
        return AuditBroker.redactValue(key, value);
    }

    synchronized void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing a log file that failed already: nothing more to do
            }
        }
    }
}
