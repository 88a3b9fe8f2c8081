package org.flowvault.vault.client.logical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.flowvault.vault.client.VaultException;
import org.flowvault.vault.client.core.TestClients;
import org.flowvault.vault.client.core.VaultClient;
import org.flowvault.vault.client.sys.SysOperations.MountRequest;
import org.flowvault.vault.server.TestVault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LogicalOperationsTest {
    static TestVault vault;
    static VaultClient client;
    static LogicalOperations logical;

    @BeforeAll
    static void start() {
        vault = TestVault.dev();
        client = TestClients.root(vault);
        logical = client.logical();
    }

    @AfterAll
    static void stop() {
        client.close();
        vault.close();
    }

    @Test
    void writeReadListDeleteShouldWorkOnAnyPath() {
        String mount = TestClients.name("generic");
        client.sys().enableMount(mount, MountRequest.of("kv"));

        VaultResponse written = logical.write(mount + "/a/b", Map.of("k", "v"));
        assertThat(written.data()).isEmpty();

        VaultResponse read = logical.read("/" + mount + "/a/b");
        assertThat(read.data()).containsEntry("k", "v");
        assertThat(read.leaseDuration()).isPositive();
        assertThat(read.renewable()).isFalse();
        assertThat(read.leaseId()).isEmpty();
        assertThat(read.auth()).isEmpty();
        assertThat(read.authToken()).isEmpty();
        assertThat(read.wrapToken()).isEmpty();
        assertThat(read.toString()).isEqualTo("VaultResponse");
        assertThat(logical.list(mount + "/a")).containsExactly("b");
        assertThat(logical.list(mount + "/none")).isEmpty();

        logical.delete(mount + "/a/b");
        assertThat(logical.find(mount + "/a/b")).isEmpty();
        assertThatThrownBy(() -> logical.read(mount + "/a/b")).isInstanceOf(VaultException.NotFound.class);
    }

    @Test
    void readShouldPassAQueryAndWriteShouldReturnAuthAndWarnings() {
        String path = TestClients.name("q");
        client.kvV2("secret").put(path, Map.of("v", "1"));
        client.kvV2("secret").put(path, Map.of("v", "2"));

        assertThat(logical.read("secret/data/" + path + "?version=1").data()).containsEntry("data", Map.of("v", "1"));
        VaultResponse created = logical.write("auth/token/create", Map.of("policies", java.util.List.of("default")));
        assertThat(created.authToken()).isPresent();
        assertThat(created.auth()).containsKey("accessor");
        assertThat(logical.write("secret/metadata/" + path, null).data()).isEmpty();
    }

    @Test
    void writeWrappedShouldReturnAWrappingTokenThatUnwrapsOnce() {
        VaultResponse wrapped = logical.writeWrapped("sys/wrapping/wrap", Map.of("secret", "value"), Duration.ofMinutes(5));

        assertThat(wrapped.wrapToken()).isPresent();
        VaultResponse unwrapped = logical.write("sys/wrapping/unwrap", Map.of("token", wrapped.wrapToken().get().value()));
        assertThat(unwrapped.data()).containsEntry("secret", "value");
        assertThatThrownBy(() -> logical.write("sys/wrapping/unwrap", Map.of("token", wrapped.wrapToken().get().value())))
                .isInstanceOf(VaultException.class);
        assertThatThrownBy(() -> logical.writeWrapped("x", null, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pathsShouldBeCheckedBeforeAnyCall() {
        assertThatThrownBy(() -> logical.read("/v1/secret/x")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without it");
        assertThatThrownBy(() -> logical.read("")).isInstanceOf(IllegalArgumentException.class);
        assertThat(logical.toString()).isEqualTo("LogicalOperations");
    }
}
