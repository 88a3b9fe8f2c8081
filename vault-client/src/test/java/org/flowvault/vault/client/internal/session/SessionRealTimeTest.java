package org.flowvault.vault.client.internal.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.flowvault.vault.client.SessionEvent.Type.CAPPED;
import static org.flowvault.vault.client.SessionEvent.Type.EXPIRED;
import static org.flowvault.vault.client.SessionEvent.Type.EXPIRING;
import static org.flowvault.vault.client.SessionEvent.Type.REAUTHENTICATED;
import static org.flowvault.vault.client.SessionEvent.Type.RENEWED;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.flowvault.vault.client.SessionEvent;
import org.flowvault.vault.client.VaultToken;
import org.flowvault.vault.client.auth.Authentication;
import org.flowvault.vault.client.auth.TestAuth;
import org.flowvault.vault.client.auth.TestTransport;
import org.flowvault.vault.server.TestVault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Short real TTLs on the real clock and the default scheduler, over HTTP: what a deployment
 * sees, seconds instead of hours. (The embedded server counts expiry in whole seconds, so a 3 s
 * token may live a little over 2 s; the renewal at two thirds still comes in time.)
 */
class SessionRealTimeTest {
    private static TestVault vault;

    @BeforeAll
    static void start() {
        vault = TestVault.dev();
    }

    @AfterAll
    static void stop() {
        vault.close();
    }

    @Test
    void aThreeSecondTokenStaysAliveThroughRenewals() {
        Events events = new Events();
        String token = TestAuth.token(vault, Map.of("ttl", "3s"));
        Instant created = Instant.now();
        try (Session session = Session.start(TestTransport.to(vault.address()), Authentication.token(VaultToken.of(token)),
                SessionOptions.builder().listener(events).build())) {
            session.token();

            await().atMost(Duration.ofSeconds(10)).until(() -> events.types().size() >= 2);

            assertThat(events.types()).startsWith(RENEWED, RENEWED);
            assertThat(Duration.between(created, Instant.now())).isGreaterThan(Duration.ofMillis(3500));
            assertThat(TestAuth.alive(vault, token)).as("alive well past its first 3 s").isTrue();
        }
    }

    @Test
    void anAppRoleTokenCappedByItsMaxTtlIsReplacedByANewLogin() {
        Events events = new Events();
        String mount = TestAuth.enable(vault, "approle");
        TestAuth.AppRole role = TestAuth.appRole(vault, mount, "short", Map.of("token_ttl", "3s", "token_explicit_max_ttl", "5s"));
        try (Session session = Session.start(TestTransport.to(vault.address()),
                Authentication.appRole().mount(mount).roleId(role.roleId()).secretId(role.secretId()).build(),
                SessionOptions.builder().listener(events).build())) {
            VaultToken first = session.token();

            await().atMost(Duration.ofSeconds(10)).until(() -> events.types().contains(REAUTHENTICATED));

            assertThat(events.types()).startsWith(RENEWED, RENEWED, CAPPED, REAUTHENTICATED);
            VaultToken second = session.token();
            assertThat(second).isNotEqualTo(first);
            assertThat(TestAuth.alive(vault, second.value())).isTrue();
        }
    }

    @Test
    void aGivenTokenCappedByItsMaxTtlIsAnnouncedAndThenExpires() {
        Events events = new Events();
        String token = TestAuth.token(vault, Map.of("ttl", "3s", "explicit_max_ttl", "5s"));
        try (Session session = Session.start(TestTransport.to(vault.address()), Authentication.token(VaultToken.of(token)),
                SessionOptions.builder().listener(events).build())) {
            session.token();

            await().atMost(Duration.ofSeconds(10)).until(() -> events.types().contains(EXPIRED));

            assertThat(events.types()).containsExactly(RENEWED, RENEWED, CAPPED, EXPIRING, EXPIRED);
            await().atMost(Duration.ofSeconds(3)).until(() -> !TestAuth.alive(vault, token));
        }
    }
}
