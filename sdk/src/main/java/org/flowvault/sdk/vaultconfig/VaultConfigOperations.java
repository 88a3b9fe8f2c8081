package org.flowvault.sdk.vaultconfig;

import java.util.List;
import java.util.Map;
import org.flowvault.sdk.Secret;

/**
 * Vault configurations ({@code /api/v1/vault-configs}): admins create and change them; members
 * read those in scope of their projects, register their own Vault token, and write secrets
 * through them with their identity. Thread-safe.
 */
public interface VaultConfigOperations {
    List<VaultConfig> list();

    VaultConfig get(String name);

    /** Registers a Vault server (admins); {@code request} needs a name and a URL. */
    VaultConfig create(VaultConfigRequest request);

    /** Changes the fields {@code changes} gives (a name renames) (admins). */
    VaultConfig update(String name, VaultConfigRequest changes);

    void delete(String name);

    /** Sets the machine or shared identity's credentials (admins). */
    VaultConfig setCredentials(String name, VaultCredentials credentials);

    VaultConfig clearCredentials(String name);

    /** Logs in with the configured identity (or the caller's token) and checks capabilities. */
    ConnectionTest test(String name);

    /** Drops every cached secret of the configuration, on every node (admins). */
    void refresh(String name);

    /** Registers the caller's own Vault token for the configuration ("Authenticate"). */
    TokenStatus registerToken(String name, Secret token);

    /** The caller's token's status; {@link org.flowvault.sdk.NotFoundException} when none is registered. */
    TokenStatus tokenStatus(String name);

    /** Every user's token status (admins). */
    List<TokenStatus> tokenStatuses(String name);

    void forgetToken(String name);

    /** Writes {@code data} at {@code path} through the configuration, as the caller, for {@code project}. */
    SecretWrite writeSecret(String name, String project, String path, Map<String, ?> data);
}
