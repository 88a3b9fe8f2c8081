package org.flowvault.platform.resolution;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.flowvault.platform.connection.Connection;
import org.flowvault.platform.connection.ConnectionInput;
import org.flowvault.platform.identity.Caller;
import org.flowvault.platform.identity.Role;
import org.flowvault.platform.vaultconfig.VaultConfiguration;
import org.flowvault.platform.vaultconfig.VaultConfiguration.AuthMethod;

/** One project, one member, a real server, a test VaultAccess and a resolver over a fresh cache. */
final class Harness implements AutoCloseable {
    final VaultFixture vault = new VaultFixture();
    final UUID project = UUID.randomUUID();
    final Caller alice = new Caller(UUID.randomUUID(), "alice", Role.MEMBER);
    final AllowedProjects membership = new AllowedProjects().allow(alice, project);
    final InMemoryVaultAccess access = new InMemoryVaultAccess();
    final SecretCache cache;
    final Resolver resolver;
    final SecretWriter writer;
    /** The default configuration: a shared root identity, 1 hour TTL. */
    final VaultConfiguration main;

    Harness() {
        this(SecretCache.local());
    }

    Harness(SecretCache cache) {
        this.cache = cache;
        this.resolver = new Resolver(access, membership, null, cache);
        this.writer = new SecretWriter(access, membership, cache);
        this.main = VaultFixture.config(VaultFixture.random("main"), vault.url(), AuthMethod.SHARED_TOKEN, Duration.ofHours(1), false);
        access.add(main, vault.base, vault.vault.rootToken());
    }

    /** Adds a configuration using the root token as its shared identity (or users' tokens for USER_TOKEN). */
    VaultConfiguration add(VaultConfiguration config) {
        access.add(config, vault.base, vault.vault.rootToken());
        return config;
    }

    Connection connection(String value, String... secrets) {
        ConnectionInput in = ConnectionInput.builder().name(VaultFixture.random("conn")).type("SQLORACLE").value(value)
                .vaultSecrets(List.of(secrets)).build();
        Instant now = Instant.now();
        return new Connection(UUID.randomUUID(), project, in.name(), in.type(), in.value(), in.valueText(), in.vaultSecrets(),
                in.description(), now, now);
    }

    @Override
    public void close() {
        cache.close();
        vault.close();
    }
}
