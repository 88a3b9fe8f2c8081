package org.flowvault.vault.client.core;

import java.util.UUID;
import org.flowvault.vault.client.VaultToken;
import org.flowvault.vault.client.core.VaultClientConfig.RetryPolicy;
import org.flowvault.vault.server.TestVault;

/** Clients for the embedded server, and random names so tests isolate themselves without cleanup. */
public final class TestClients {
    private TestClients() {
    }

    /** A client with the dev server's root token and no retries. */
    public static VaultClient root(TestVault vault) {
        return VaultClient.create(config(vault).token(VaultToken.of(vault.rootToken())).build());
    }

    /** A builder pointed at the server, without a token. */
    public static VaultClientConfig.Builder config(TestVault vault) {
        return VaultClientConfig.builder().address(vault.address()).retry(RetryPolicy.none());
    }

    /** "prefix-" and eight random hex digits. */
    public static String name(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
