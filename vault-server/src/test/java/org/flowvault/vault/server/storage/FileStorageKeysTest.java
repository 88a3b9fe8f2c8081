package org.flowvault.vault.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keys the file storage cannot hold are refused with {@link InvalidKeyException} (which the server
 * answers 400) before the file system is touched: never an I/O failure (a 500) and never a file
 * outside the root.
 */
class FileStorageKeysTest {
    @TempDir
    Path dir;

    @Test
    void theLongestSegmentThatFitsAFileNameIsStoredAndALongerOneRefused() {
        FileStorage storage = new FileStorage(dir);
        String longest = "k".repeat(FileStorage.MAX_SEGMENT_BYTES);
        storage.put("a/" + longest, "v".getBytes(StandardCharsets.UTF_8));
        storage.put(longest + "/b", "v".getBytes(StandardCharsets.UTF_8));
        assertThat(storage.get("a/" + longest)).isEqualTo("v".getBytes(StandardCharsets.UTF_8));
        assertThat(storage.list("a/")).containsExactly(longest);

        for (String key : List.of("a/" + "k".repeat(FileStorage.MAX_SEGMENT_BYTES + 1), "k".repeat(300) + "/b",
                "a/" + "é".repeat(FileStorage.MAX_SEGMENT_BYTES / 2 + 1))) {
            assertThatThrownBy(() -> storage.put(key, new byte[1])).isInstanceOf(InvalidKeyException.class)
                    .hasMessageContaining("(" + FileStorage.MAX_SEGMENT_BYTES + " bytes)").hasMessageNotContaining("kkk");
            assertThatThrownBy(() -> storage.get(key)).isInstanceOf(InvalidKeyException.class);
        }
    }

    @Test
    void keysThatEscapeTheRootOrExceedThePathLimitAreRefused() {
        FileStorage storage = new FileStorage(dir);
        String deep = String.join("/", java.util.Collections.nCopies(700, "abcd"));
        String outside = "escaped-" + java.util.UUID.randomUUID(); // a name nothing else on the machine has
        for (String key : List.of("../" + outside, "a/../../" + outside, "a/./b", "a//b", "/a", "a/", "a\0b", deep)) {
            assertThatThrownBy(() -> storage.put(key, new byte[1])).as(key).isInstanceOf(InvalidKeyException.class);
        }
        assertThat(dir.getParent().resolve(outside)).doesNotExist();
    }
}
