package org.flowvault.vault.client.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.flowvault.vault.client.VaultException;
import org.flowvault.vault.client.core.TestClients;
import org.flowvault.vault.client.core.VaultClient;
import org.flowvault.vault.client.database.DatabaseOperations.DatabaseCredentials;
import org.flowvault.vault.client.lease.LeaseOperations.Lease;
import org.flowvault.vault.server.TestVault;
import org.flowvault.vault.server.database.TestDatabases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The typed database() and leases() operations against the embedded server and a real database. */
class DatabaseOperationsTest {

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mariadb"})
    void issuesRenewsAndRevokesLeasedCredentials(String which) {
        TestDatabases db = which.equals("postgres") ? TestDatabases.postgres() : TestDatabases.mariadb();
        try (TestVault vault = TestVault.dev(); VaultClient client = TestClients.root(vault)) {
            vault.call("POST", "sys/mounts/database", vault.rootToken(), Map.of("type", "database"));
            DatabaseOperations database = client.database();
            database.configure("db", db.plugin(), db.connectionUrl(), db.postgresql() ? "postgres" : "root", "", List.of("app"));
            database.writeRole("app", "db", List.of(db.creationStatement()), null, Duration.ofMinutes(5), Duration.ofMinutes(10));
            assertThat(database.listConfigs()).containsExactly("db");
            assertThat(database.listRoles()).containsExactly("app");
            assertThat(database.readConfig("db").orElseThrow().toString()).doesNotContain("password=");
            assertThat(database.readRole("app").orElseThrow()).containsEntry("default_ttl", 300);

            DatabaseCredentials creds = database.credentials("app");
            assertThat(creds.toString()).doesNotContain(creds.password()).contains(creds.username());
            assertThat(creds.lease().id()).startsWith("database/creds/app/");
            assertThat(creds.lease().ttl()).isEqualTo(Duration.ofMinutes(5));
            assertThat(db.users()).contains(creds.username());

            Lease renewed = client.leases().renew(creds.lease().id(), Duration.ofMinutes(8));
            assertThat(renewed.ttl()).isBetween(Duration.ofSeconds(478), Duration.ofMinutes(8));
            assertThat(client.leases().lookup(creds.lease().id()).renewable()).isTrue();
            assertThat(client.leases().list("database/creds/app/")).hasSize(1);

            client.leases().revoke(creds.lease().id());
            assertThat(db.users()).doesNotContain(creds.username());
            assertThatThrownBy(() -> client.leases().renew(creds.lease().id(), null))
                    .isInstanceOf(VaultException.InvalidRequest.class).hasMessageContaining("lease not found");
            assertThatThrownBy(() -> database.credentials("unknown")).isInstanceOf(VaultException.InvalidRequest.class);
            assertThat(client.leases().list("database/creds/app/")).isEmpty();
        }
    }
}
