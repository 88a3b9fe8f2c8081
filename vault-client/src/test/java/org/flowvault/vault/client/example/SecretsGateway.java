package org.flowvault.vault.client.example;

import java.util.List;
import java.util.Map;
import org.flowvault.vault.client.VaultToken;
import org.flowvault.vault.client.auth.Authentication;
import org.flowvault.vault.client.core.VaultClient;
import org.flowvault.vault.client.core.VaultClientConfig;
import org.flowvault.vault.client.sys.SysOperations.SealStatus;

/**
 * The README's example: an application's own gateway to Vault, with token, LDAP and AppRole
 * authentication, a KV v2 read at a custom mount, and unsealing with unseal keys.
 */
public final class SecretsGateway implements AutoCloseable {
    private final VaultClient client;

    private SecretsGateway(String address, Authentication authentication) {
        VaultClientConfig config = VaultClientConfig.builder().address(address).build();
        this.client = authentication == null
                ? VaultClient.create(config)
                : VaultClient.builder().config(config).authentication(authentication).build();
    }

    /** Authenticates with a token (VAULT_TOKEN in production); it is checked with lookup-self. */
    public static SecretsGateway withToken(String address, String token) {
        return new SecretsGateway(address, Authentication.token(VaultToken.of(token)));
    }

    /** Authenticates against the LDAP auth method; the session renews and logs in again itself. */
    public static SecretsGateway withLdap(String address, String username, String password) {
        return new SecretsGateway(address, Authentication.ldap().username(username).password(password).build());
    }

    /** AppRole "push": the role id and secret id are handed to the application. */
    public static SecretsGateway withAppRole(String address, String roleId, String secretId) {
        return new SecretsGateway(address, Authentication.appRole().roleId(roleId).secretId(secretId).build());
    }

    /** No credentials: enough to unseal. */
    public static SecretsGateway unauthenticated(String address) {
        return new SecretsGateway(address, null);
    }

    /** The key/value pairs of a KV v2 secret at a mount of your choice ("secret" by default in Vault). */
    public Map<String, Object> kv2Read(String mount, String path) {
        return client.kvV2(mount).get(path).data();
    }

    /** Unseals with as many key shares as needed; a server that is not sealed is left alone. */
    public boolean unseal(List<String> unsealKeys) {
        if (!client.sys().sealStatus().sealed()) {
            return true;
        }
        SealStatus status = client.sys().unseal(unsealKeys);
        return !status.sealed();
    }

    @Override
    public void close() {
        client.close();
    }
}
