package org.flowvault.vault.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersistentDevServerTest {

    @Test
    void secretsAndRootTokenSurviveARestartAndTheKeyFileIsPrivate(@TempDir Path dir) throws Exception {
        String root;
        try (TestVault first = TestVault.of(VaultServer.builder().devPersistent(dir).listen("127.0.0.1", 0))) {
            root = first.rootToken();
            assertThat(first.call("POST", "secret/data/app", root, Map.of("data", Map.of("k", "v1"))).status()).isEqualTo(200);
        }
        assertThat(Files.getPosixFilePermissions(dir.resolve("dev-keys.json")))
                .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));

        try (TestVault second = TestVault.of(VaultServer.builder().devPersistent(dir).listen("127.0.0.1", 0))) {
            assertThat(second.rootToken()).isEqualTo(root);
            TestVault.Reply read = second.call("GET", "secret/data/app", root, null);
            assertThat(read.status()).isEqualTo(200);
            assertThat(read.json().at("/data/data/k").asText()).isEqualTo("v1");
            assertThat(second.call("GET", "sys/seal-status", null, null).json().get("sealed").asBoolean()).isFalse();
        }
    }
}
