package org.flowvault.platform.resolution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.flowvault.platform.connection.Connection;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.db.TestDatabases;
import org.junit.jupiter.api.Test;

/** Two nodes: two pools on one database, each with its own cache and resolver, one Vault. */
class CrossNodeInvalidationTest {

    @Test
    void aWriteOnOneNodeInvalidatesTheOtherNodesCacheOverPostgresNotify() {
        String url = TestDatabases.postgresSchemaUrl();
        try (Database db1 = Database.open(url, null, null, 4);
             Database db2 = Database.open(url, null, null, 4);
             Harness node1 = new Harness(SecretCache.create(db1))) {
            SecretCache cache2 = SecretCache.create(db2);
            Resolver node2 = new Resolver(node1.access, node1.membership, null, cache2);
            try (cache2) {
                node1.vault.root.kv("secret").put("x", Map.of("v", "old"));
                Connection c = node1.connection("", "secret/data/x");
                assertThat(node1.resolver.resolve(c, node1.alice, null).inputs()).containsEntry("v", "old");
                assertThat(node2.resolve(c, node1.alice, null).inputs()).containsEntry("v", "old");

                node1.writer.write(null, node1.project, node1.alice, "secret/data/x", Map.of("v", "new"));

                assertThat(node1.resolver.resolve(c, node1.alice, null).inputs()).containsEntry("v", "new");
                await().atMost(Duration.ofSeconds(10))
                        .untilAsserted(() -> assertThat(node2.resolve(c, node1.alice, null).inputs()).containsEntry("v", "new"));
            }
        }
    }

    @Test
    void aConfigurationRefreshOnOneNodeReachesTheOther() {
        String url = TestDatabases.postgresSchemaUrl();
        try (Database db1 = Database.open(url, null, null, 4);
             Database db2 = Database.open(url, null, null, 4);
             Harness node1 = new Harness(SecretCache.create(db1))) {
            SecretCache cache2 = SecretCache.create(db2);
            Resolver node2 = new Resolver(node1.access, node1.membership, null, cache2);
            try (cache2) {
                node1.vault.root.kv("secret").put("y", Map.of("v", "old"));
                Connection c = node1.connection("", "secret/y");
                node2.resolve(c, node1.alice, null);
                node1.vault.root.kv("secret").put("y", Map.of("v", "new"));

                node1.cache.refreshConfiguration(node1.main.id());

                await().atMost(Duration.ofSeconds(10))
                        .untilAsserted(() -> assertThat(node2.resolve(c, node1.alice, null).inputs()).containsEntry("v", "new"));
            }
        }
    }

    @Test
    void onH2InvalidationStaysOnTheNodeThatWrote() {
        try (Database db = TestDatabases.h2(); Harness node1 = new Harness(SecretCache.create(db))) {
            // without Vault's change events, which would reach this second cache whatever the database:
            // what is shown is that the H2 database carries no invalidation between caches
            SecretCache cache2 = SecretCache.local();
            Resolver node2 = new Resolver(node1.access, node1.membership, null, cache2);
            node1.vault.root.kv("secret").put("z", Map.of("v", "old"));
            Connection c = node1.connection("", "secret/data/z");
            node2.resolve(c, node1.alice, null);

            node1.writer.write(null, node1.project, node1.alice, "secret/data/z", Map.of("v", "new"));

            assertThat(node1.resolver.resolve(c, node1.alice, null).inputs()).containsEntry("v", "new");
            assertThat(node2.resolve(c, node1.alice, null).inputs()).containsEntry("v", "old");
        }
    }
}
