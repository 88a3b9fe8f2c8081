package org.flowvault.vault.client.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.flowvault.vault.client.VaultException;
import org.flowvault.vault.client.VaultToken;
import org.flowvault.vault.client.core.TestClients;
import org.flowvault.vault.client.core.VaultClient;
import org.flowvault.vault.client.events.EventOperations.EventListener;
import org.flowvault.vault.client.events.EventOperations.EventSubscription;
import org.flowvault.vault.client.events.EventOperations.VaultEvent;
import org.flowvault.vault.server.TestVault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code VaultClient.events()} against the embedded server over a real WebSocket. */
class EventOperationsTest {
    private static TestVault vault;
    private static VaultClient root;

    @BeforeAll
    static void start() {
        vault = TestVault.dev();
        root = TestClients.root(vault);
    }

    @AfterAll
    static void stop() {
        root.close();
        vault.close();
    }

    @Test
    void receivesAKvV2WriteWithItsPathAndVersion() throws Exception {
        BlockingQueue<VaultEvent> events = new LinkedBlockingQueue<>();
        String path = TestClients.name("app");
        try (EventSubscription s = root.events().subscribe("kv-v2/data-write", events::add)) {
            root.kv("secret").put(path, Map.of("password", "p1"));
            root.kv("secret").put(path, Map.of("password", "p2"));
            VaultEvent first = events.poll(10, TimeUnit.SECONDS);
            VaultEvent second = events.poll(10, TimeUnit.SECONDS);
            assertThat(first).isNotNull();
            assertThat(second).isNotNull();
            assertThat(second.type()).isEqualTo("kv-v2/data-write");
            assertThat(second.path()).isEqualTo("secret/data/" + path);
            assertThat(second.dataPath()).isEqualTo("secret/data/" + path);
            assertThat(second.currentVersion()).isEqualTo(2);
            assertThat(second.json().toString()).doesNotContain("p2");
            assertThat(s.isOpen()).isTrue();
        }
    }

    @Test
    void aTokenThatMayNotSubscribeIsRefusedAsPermissionDenied() {
        try (VaultClient nobody = VaultClient.create(TestClients.config(vault).token(VaultToken.of("hvs.unknown")).build())) {
            assertThatThrownBy(() -> nobody.events().subscribe("kv*", e -> { }))
                    .isInstanceOf(VaultException.PermissionDenied.class).hasMessageNotContaining("hvs.unknown");
        }
    }

    @Test
    void tellsTheListenerWhenTheServerEndsTheSubscription() {
        String token = root.token().create(org.flowvault.vault.client.token.TokenOperations.TokenCreateRequest.builder().policies("root").build()).token().value();
        AtomicReference<String> ended = new AtomicReference<>();
        try (VaultClient client = VaultClient.create(TestClients.config(vault).token(VaultToken.of(token)).build())) {
            EventSubscription s = client.events().subscribe("kv*", new EventListener() {
                @Override
                public void onEvent(VaultEvent event) {
                }

                @Override
                public void onEnded(String reason) {
                    ended.set(reason);
                }
            });
            root.token().revoke(VaultToken.of(token));
            root.kv("secret").put(TestClients.name("after-revoke"), Map.of("k", "v"));
            await().atMost(Duration.ofSeconds(10)).until(() -> ended.get() != null);
            assertThat(ended.get()).contains("1008").doesNotContain(token);
            assertThat(s.isOpen()).isFalse();
        }
    }
}
