package org.flowvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Searches every file under a data directory for a secret, in the encodings a file might hold it in. */
final class DataDirScan {
    private DataDirScan() {
    }

    /** No file under {@code dir} holds {@code secret} (UTF-8, UTF-16, hex either case, base64, URL-encoded), and no H2 trace file exists. */
    static void assertNoFileContains(Path dir, String secret) throws IOException {
        byte[] utf8 = secret.getBytes(StandardCharsets.UTF_8);
        List<byte[]> forms = new ArrayList<>(List.of(utf8, secret.getBytes(StandardCharsets.UTF_16LE), secret.getBytes(StandardCharsets.UTF_16BE),
                HexFormat.of().formatHex(utf8).getBytes(StandardCharsets.US_ASCII),
                HexFormat.of().formatHex(utf8).toUpperCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII),
                Base64.getEncoder().encodeToString(utf8).getBytes(StandardCharsets.US_ASCII),
                URLEncoder.encode(secret, StandardCharsets.UTF_8).getBytes(StandardCharsets.US_ASCII)));
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(f.getFileName().toString()).as("an H2 trace file").doesNotEndWith(".trace.db");
                byte[] content = Files.readAllBytes(f);
                for (byte[] form : forms) {
                    assertThat(indexOf(content, form)).as("%s holds the secret (%d bytes form)", f, form.length).isEqualTo(-1);
                }
            }
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
