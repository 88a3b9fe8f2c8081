package org.flowvault.vault.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.flowvault.vault.client.core.VaultClient;
import org.flowvault.vault.client.core.VaultClientConfig;
import org.flowvault.vault.client.sys.SysOperations;
import org.junit.jupiter.api.Test;

/** The bridge between the client's packages cannot be taken over by other code on the class path. */
class AccessTest {

    @Test
    void anotherClassCannotRegisterTheFactoryOfAnOperationsType() {
        assertThatThrownBy(() -> Access.operations(SysOperations.class, (calls, mount) -> null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("only org.flowvault.vault.client.sys.SysOperations registers its own factory");
    }

    @Test
    void codeOutsideTheLibraryCannotReplaceTheLogin() {
        assertThatThrownBy(() -> Access.login((authentication, transport) -> null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("only the client's Authentication registers the login");
    }

    @Test
    void theClientStillMakesItsOperationsThroughTheBridge() {
        try (VaultClient client = VaultClient.create(VaultClientConfig.builder().address("http://127.0.0.1:1").build())) {
            assertThat(client.sys()).isInstanceOf(SysOperations.class);
            assertThat(client.kv("secret", org.flowvault.vault.client.kv.KvVersion.V2).mount()).isEqualTo("secret");
        }
    }
}
