package org.flowvault.platform.resolution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.flowvault.platform.connection.Connection;
import org.flowvault.platform.vaultconfig.VaultConfiguration;
import org.flowvault.platform.vaultconfig.VaultConfiguration.AuthMethod;
import org.flowvault.platform.vaultconfig.VaultIdentity;
import org.flowvault.vault.client.VaultToken;
import org.flowvault.vault.client.core.VaultClient;
import org.flowvault.vault.client.core.VaultClientConfig;
import org.flowvault.vault.client.core.VaultClientConfig.RetryPolicy;
import org.flowvault.vault.server.VaultServer;
import org.junit.jupiter.api.Test;

/**
 * Pushed invalidation against the real embedded server: the server's KV change events, over a real
 * WebSocket, make the next resolution read a secret changed outside Flowvault, long before the TTL.
 */
class ChangeEventsTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    void picksUpAChangeMadeDirectlyOnTheServerOnTheNextResolutionWithoutWaitingForTheTtl() {
        try (Harness h = new Harness(SecretCache.localWithChangeEvents())) {
            h.vault.root.kv("secret").put("pushed", Map.of("password", "before"));
            Connection c = h.connection("", h.main.name() + ":secret/pushed");
            assertThat(h.resolver.resolve(c, h.alice, null).inputs()).containsEntry("password", "before");
            await().atMost(WAIT).until(() -> h.cache.eventsConnected(h.main.id()));
            assertThat(h.resolver.resolve(c, h.alice, null).inputs()).as("cached for the 1 hour TTL").containsEntry("password", "before");

            h.vault.root.kv("secret").put("pushed", Map.of("password", "after")); // outside Flowvault
            await().atMost(WAIT).until(() -> h.cache.eventInvalidationCount() >= 1);

            assertThat(h.resolver.resolve(c, h.alice, null).inputs()).containsEntry("password", "after");
            assertThat(h.vault.reads("secret/data/pushed")).isEqualTo(2);
        }
    }

    @Test
    void aChangeToAnotherPathLeavesTheCachedEntryAlone() {
        try (Harness h = new Harness(SecretCache.localWithChangeEvents())) {
            h.vault.root.kv("secret").put("steady", Map.of("password", "kept"));
            Connection c = h.connection("", h.main.name() + ":secret/steady");
            h.resolver.resolve(c, h.alice, null);
            await().atMost(WAIT).until(() -> h.cache.eventsConnected(h.main.id()));

            h.vault.root.kv("secret").put("other", Map.of("password", "x"));
            await().atMost(WAIT).until(() -> h.cache.eventInvalidationCount() >= 1);

            assertThat(h.resolver.resolve(c, h.alice, null).inputs()).containsEntry("password", "kept");
            assertThat(h.vault.reads("secret/data/steady")).isEqualTo(1);
        }
    }

    @Test
    void resubscribesAfterTheServerRestartsAndPicksUpChangesAgain() throws Exception {
        Path data = Files.createTempDirectory("flowvault-events");
        VaultServer first = VaultServer.builder().devPersistent(data).listen("127.0.0.1", 0).start();
        int port = first.port();
        String rootToken = first.rootToken();
        VaultServer second = null;
        try (SecretCache cache = SecretCache.localWithChangeEvents();
             VaultClient base = VaultClient.create(VaultClientConfig.builder().address(first.address()).retry(RetryPolicy.none())
                     .connectTimeout(Duration.ofSeconds(2)).build());
             VaultClient root = VaultClient.create(VaultClientConfig.builder().address(first.address()).token(VaultToken.of(rootToken)).build())) {
            root.kv("secret").put("restart", Map.of("password", "one"));
            VaultConfiguration cfg = VaultFixture.config(VaultFixture.random("restart"), URI.create(first.address()), AuthMethod.SHARED_TOKEN,
                    Duration.ofHours(1), false);
            InMemoryVaultAccess access = new InMemoryVaultAccess().add(cfg, base, rootToken);
            AllowedProjects membership = new AllowedProjects();
            org.flowvault.platform.identity.Caller alice = new org.flowvault.platform.identity.Caller(java.util.UUID.randomUUID(), "alice",
                    org.flowvault.platform.identity.Role.MEMBER);
            java.util.UUID project = java.util.UUID.randomUUID();
            membership.allow(alice, project);
            Resolver resolver = new Resolver(access, membership, null, cache);
            Connection c = connection(project, cfg.name() + ":secret/restart");

            assertThat(resolver.resolve(c, alice, null).inputs()).containsEntry("password", "one");
            await().atMost(WAIT).until(() -> cache.eventsConnected(cfg.id()));

            first.close();
            await().atMost(WAIT).until(() -> !cache.eventsConnected(cfg.id()));
            second = VaultServer.builder().devPersistent(data).listen("127.0.0.1", port).start();
            await().atMost(WAIT).until(() -> cache.eventsConnected(cfg.id()));

            try (VaultClient again = VaultClient.create(VaultClientConfig.builder().address(second.address()).token(VaultToken.of(rootToken)).build())) {
                again.kv("secret").put("restart", Map.of("password", "two")); // a fresh pool: the old one's connections died with the server
            }
            await().atMost(WAIT).until(() -> cache.eventInvalidationCount() >= 1);
            assertThat(resolver.resolve(c, alice, null).inputs()).containsEntry("password", "two");
        } finally {
            first.close();
            if (second != null) {
                second.close();
            }
        }
    }

    @Test
    void aVaultWithoutEventsIsProbedOnceAndLeftToTheTtlRules() throws Exception {
        HttpServer oss = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        java.util.concurrent.atomic.AtomicInteger probes = new java.util.concurrent.atomic.AtomicInteger();
        oss.createContext("/", ex -> {
            if (ex.getRequestURI().getPath().startsWith("/v1/sys/events/subscribe/")) {
                probes.incrementAndGet();
            }
            byte[] body = "{\"errors\":[]}".getBytes();
            ex.sendResponseHeaders(404, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        oss.start();
        String address = "http://127.0.0.1:" + oss.getAddress().getPort();
        try (SecretCache cache = SecretCache.localWithChangeEvents();
             VaultClient client = VaultClient.create(VaultClientConfig.builder().address(address).token(VaultToken.of("hvs.test")).build())) {
            VaultConfiguration cfg = VaultFixture.config(VaultFixture.random("oss"), URI.create(address), AuthMethod.SHARED_TOKEN,
                    Duration.ofHours(1), false);
            VaultIdentity identity = new VaultIdentity("config:" + cfg.id(), client);
            cache.watch(cfg, identity);
            await().atMost(WAIT).until(() -> probes.get() == 1);
            cache.watch(cfg, identity);
            cache.watch(cfg, identity);
            assertThat(cache.eventsConnected(cfg.id())).isFalse();
            await().pollDelay(Duration.ofMillis(500)).atMost(WAIT).until(() -> true);
            assertThat(probes.get()).as("probed once per configuration").isEqualTo(1);
        } finally {
            oss.stop(0);
        }
    }

    private static Connection connection(java.util.UUID project, String secret) {
        var in = org.flowvault.platform.connection.ConnectionInput.builder().name(VaultFixture.random("conn")).type("SQLORACLE").value("")
                .vaultSecrets(java.util.List.of(secret)).build();
        java.time.Instant now = java.time.Instant.now();
        return new Connection(java.util.UUID.randomUUID(), project, in.name(), in.type(), in.value(), in.valueText(), in.vaultSecrets(),
                in.description(), now, now);
    }
}
