package org.flowvault.platform.resolution;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.identity.Caller;
import org.flowvault.platform.vaultconfig.VaultAccess;
import org.flowvault.platform.vaultconfig.VaultConfiguration;
import org.flowvault.platform.vaultconfig.VaultIdentity;
import org.flowvault.vault.client.VaultToken;
import org.flowvault.vault.client.core.VaultClient;

/**
 * A test {@link VaultAccess} (the real one is built by the vault configuration package): configurations
 * held in memory, each with one client for a real server; users' tokens registered per configuration.
 */
final class InMemoryVaultAccess implements VaultAccess {
    private final List<VaultConfiguration> configs = new CopyOnWriteArrayList<>();
    private final Map<UUID, VaultClient> clients = new ConcurrentHashMap<>();
    private final Map<UUID, VaultToken> shared = new ConcurrentHashMap<>();
    private final Map<String, VaultToken> userTokens = new ConcurrentHashMap<>();
    private final Map<String, VaultIdentity> identities = new ConcurrentHashMap<>();

    /** Adds a configuration whose shared identity (non-USER_TOKEN methods) uses {@code sharedToken}. */
    InMemoryVaultAccess add(VaultConfiguration config, VaultClient client, String sharedToken) {
        configs.add(config);
        clients.put(config.id(), client);
        if (sharedToken != null) {
            shared.put(config.id(), VaultToken.of(sharedToken));
        }
        return this;
    }

    InMemoryVaultAccess registerToken(VaultConfiguration config, Caller user, String token) {
        userTokens.put(config.id() + "/" + user.userId(), VaultToken.of(token));
        identities.remove(config.id() + "/" + user.userId());
        return this;
    }

    @Override
    public List<VaultConfiguration> usableIn(UUID projectId) {
        return configs.stream().filter(c -> c.enabled() && c.scope().includes(projectId)).toList();
    }

    @Override
    public Optional<VaultConfiguration> find(String name, UUID projectId) {
        for (VaultConfiguration c : configs) {
            if (c.name().equals(name) && c.enabled() && c.scope().includes(projectId)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    @Override
    public VaultIdentity identity(VaultConfiguration config, Caller runAs) {
        if (config.authMethod().perUser()) {
            String k = config.id() + "/" + runAs.userId();
            VaultIdentity id = identities.get(k);
            if (id != null) {
                return id;
            }
            VaultToken t = userTokens.get(k);
            if (t == null) {
                throw new PlatformException(PlatformException.Reason.UNAUTHENTICATED, "no Vault token registered for vault configuration \""
                        + config.name() + "\"; register yours with Authenticate");
            }
            id = new VaultIdentity("user:" + runAs.userId(), clients.get(config.id()).withToken(t));
            identities.put(k, id);
            return id;
        }
        return identities.computeIfAbsent("config:" + config.id(),
                k -> new VaultIdentity(k, clients.get(config.id()).withToken(shared.get(config.id()))));
    }
}
