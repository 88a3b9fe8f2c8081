package org.flowvault.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryLockTest {

    @Test
    void aHeldDirectoryIsRefusedNamingTheHolderAndFreedOnClose(@TempDir Path data) throws Exception {
        try (DataDirectoryLock held = DataDirectoryLock.acquire(data)) {
            assertThatThrownBy(() -> DataDirectoryLock.acquire(data))
                    .isInstanceOf(DataDirectoryLock.InUse.class)
                    .hasMessageContaining("is in use by another 'flowvault dev' (process " + ProcessHandle.current().pid() + ")");
        }
        try (DataDirectoryLock again = DataDirectoryLock.acquire(data)) {
            assertThat(again).isNotNull();
        }
    }
}
