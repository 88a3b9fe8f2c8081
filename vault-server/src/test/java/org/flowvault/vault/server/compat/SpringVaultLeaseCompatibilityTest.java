package org.flowvault.vault.server.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.flowvault.vault.server.TestVault;
import org.flowvault.vault.server.database.TestDatabases;
import org.junit.jupiter.api.Test;
import org.springframework.vault.core.VaultTemplate;
import org.springframework.vault.core.lease.LeaseEndpoints;
import org.springframework.vault.core.lease.SecretLeaseContainer;
import org.springframework.vault.core.lease.domain.RequestedSecret;
import org.springframework.vault.core.lease.event.AfterSecretLeaseRenewedEvent;
import org.springframework.vault.core.lease.event.AfterSecretLeaseRevocationEvent;
import org.springframework.vault.core.lease.event.SecretLeaseCreatedEvent;
import org.springframework.vault.core.lease.event.SecretLeaseErrorEvent;
import org.springframework.vault.core.lease.event.SecretLeaseEvent;

/**
 * Spring Vault's {@link SecretLeaseContainer} against the server's database engine on the
 * machine's PostgreSQL (skipped, saying so, when its URL is unset): a renewable lease of
 * {@code database/creds/ROLE} is renewed through {@code sys/leases/renew} and revoked on
 * shutdown (the user is dropped); a rotating one, through the legacy {@code sys/renew} endpoints,
 * gets new credentials when its max TTL is reached.
 */
class SpringVaultLeaseCompatibilityTest {

    private static TestVault vaultWithRole(TestDatabases db, String ttl, String maxTtl) {
        TestVault vault = TestVault.dev();
        String root = vault.rootToken();
        vault.call("POST", "sys/mounts/database", root, Map.of("type", "database"));
        assertThat(vault.call("POST", "database/config/db", root, Map.of("plugin_name", db.plugin(), "connection_url", db.connectionUrl(),
                "username", "postgres", "password", "", "allowed_roles", "*")).status()).isEqualTo(204);
        assertThat(vault.call("POST", "database/roles/app", root, Map.of("db_name", "db", "creation_statements", db.creationStatement(),
                "default_ttl", ttl, "max_ttl", maxTtl)).status()).isEqualTo(204);
        return vault;
    }

    private static SecretLeaseContainer container(TestVault vault, LeaseEndpoints endpoints, List<SecretLeaseEvent> events) {
        VaultTemplate template = SpringVaultClients.template(vault.address(), vault.rootToken());
        SecretLeaseContainer c = new SecretLeaseContainer(template);
        c.setLeaseEndpoints(endpoints);
        c.setMinRenewal(Duration.ofSeconds(1));
        c.setExpiryThreshold(Duration.ofSeconds(2));
        c.addLeaseListener(events::add);
        c.addErrorListener((event, error) -> events.add(event));
        c.afterPropertiesSet();
        return c;
    }

    private static List<String> usernames(List<SecretLeaseEvent> events) {
        return events.stream().filter(e -> e instanceof SecretLeaseCreatedEvent)
                .map(e -> String.valueOf(((SecretLeaseCreatedEvent) e).getSecrets().get("username"))).toList();
    }

    @Test
    void aRenewableDatabaseLeaseIsRenewedAndRevokedOnShutdown() throws Exception {
        TestDatabases db = TestDatabases.postgres();
        Set<String> before = db.users();
        List<SecretLeaseEvent> events = new CopyOnWriteArrayList<>();
        try (TestVault vault = vaultWithRole(db, "4s", "1m")) {
            SecretLeaseContainer container = container(vault, LeaseEndpoints.Leases, events);
            container.addRequestedSecret(RequestedSecret.renewable("database/creds/app"));
            container.start();
            await().atMost(Duration.ofSeconds(15)).until(() -> !usernames(events).isEmpty());
            String user = usernames(events).getFirst();
            assertThat(db.users()).contains(user);
            await().atMost(Duration.ofSeconds(20)).until(() -> events.stream().filter(e -> e instanceof AfterSecretLeaseRenewedEvent).count() >= 2);
            assertThat(db.users()).as("renewed past its first TTL, the user lives").contains(user);
            assertThat(events).noneMatch(e -> e instanceof SecretLeaseErrorEvent);
            container.destroy();
            assertThat(events).anyMatch(e -> e instanceof AfterSecretLeaseRevocationEvent);
            assertThat(db.users()).isEqualTo(before);
        }
    }

    @Test
    void aRotatingLeaseGetsNewCredentialsAtItsMaxTtlThroughTheLegacyEndpoints() throws Exception {
        TestDatabases db = TestDatabases.postgres();
        Set<String> before = db.users();
        List<SecretLeaseEvent> events = new CopyOnWriteArrayList<>();
        try (TestVault vault = vaultWithRole(db, "3s", "5s")) {
            SecretLeaseContainer container = container(vault, LeaseEndpoints.Legacy, events);
            container.addRequestedSecret(RequestedSecret.rotating("database/creds/app"));
            container.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> usernames(events).size() >= 2);
            assertThat(usernames(events).get(1)).isNotEqualTo(usernames(events).getFirst());
            assertThat(events).anyMatch(e -> e instanceof AfterSecretLeaseRenewedEvent);
            container.destroy();
            // the rotated-out lease ends at its max TTL, the current one was revoked on shutdown
            await().atMost(Duration.ofSeconds(15)).until(() -> db.users().equals(before));
        }
    }
}
