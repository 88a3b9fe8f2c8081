package org.flowvault.vault.client.internal.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.flowvault.vault.client.SessionEvent.Type.EXPIRED;
import static org.flowvault.vault.client.SessionEvent.Type.REAUTHENTICATED;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.flowvault.vault.client.SessionEvent;
import org.flowvault.vault.client.VaultException;
import org.flowvault.vault.client.VaultToken;
import org.flowvault.vault.client.auth.Authentication;
import org.flowvault.vault.client.auth.TestAuth;
import org.flowvault.vault.client.auth.TestTransport;
import org.flowvault.vault.server.TestVault;
import org.flowvault.vault.server.VaultServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The session's life outside renewal: lazy login, re-login on 403, revocation on close. */
class SessionTest {
    private static final ManualClock clock = new ManualClock(Instant.parse("2032-01-01T00:00:00Z"));
    private static TestVault vault;
    private static String userpass;

    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final Events events = new Events();
    private final TestTransport transport = TestTransport.to(vault.address());

    @BeforeAll
    static void start() {
        vault = TestVault.of(VaultServer.builder().dev().clock(clock));
        userpass = TestAuth.enable(vault, "userpass");
    }

    @AfterAll
    static void stop() {
        vault.close();
    }

    private Session session(Authentication auth) {
        return Session.start(transport, auth, SessionOptions.builder().clock(clock).scheduler(scheduler).jitter(0).listener(events).build());
    }

    private Authentication user(Map<String, ?> params) {
        String name = TestAuth.name("u");
        TestAuth.user(vault, userpass, name, "pw", params);
        return Authentication.userpass().mount(userpass).username(name).password("pw").build();
    }

    @Test
    void startSendsNothingAndTheFirstTokenLogsIn() {
        Session session = session(user(Map.of()));
        assertThat(transport.sent()).isEmpty();

        VaultToken token = session.token();

        assertThat(TestAuth.alive(vault, token.value())).isTrue();
        assertThat(session.token()).isSameAs(token);
        assertThat(transport.sent()).hasSize(1);
        assertThat(events.all()).as("the first login is no re-authentication").isEmpty();
        session.close();
    }

    @Test
    void aRefusedLoginSurfacesFromTokenAndIsTriedAgainOnTheNextCall() {
        Session session = session(Authentication.userpass().mount(userpass).username("nobody").password("pw").build());

        assertThatThrownBy(session::token).isInstanceOf(VaultException.LoginFailed.class)
                .hasMessage("userpass login at auth/" + userpass + " failed: invalid username or password");
        assertThatThrownBy(session::token).isInstanceOf(VaultException.LoginFailed.class);
        assertThat(transport.sent()).hasSize(2);
    }

    @Test
    void anExpiredLoginTokenIsReplacedByTheNextTokenCall() {
        Session session = session(user(Map.of("token_ttl", "60s")));
        VaultToken first = session.token();

        clock.advance(Duration.ofSeconds(61)); // time passes without the renewal running (a suspended VM)
        VaultToken second = session.token();

        assertThat(second).isNotEqualTo(first);
        assertThat(events.types()).containsExactly(REAUTHENTICATED);
        session.close();
    }

    @Test
    void anOverdueRenewalOfAnExpiredLoginTokenReportsExpiryAndLogsIn() {
        Session session = session(user(Map.of("token_ttl", "60s")));
        session.token();

        clock.advance(Duration.ofSeconds(61));
        scheduler.advance(Duration.ZERO);

        assertThat(events.types()).containsExactly(EXPIRED, REAUTHENTICATED);
        assertThat(TestAuth.alive(vault, session.token().value())).isTrue();
        session.close();
    }

    @Test
    void aPermissionDeniedForARevokedTokenLogsInAgainOnce() {
        Session session = session(user(Map.of("token_ttl", "1h")));
        VaultToken first = session.token();
        TestAuth.root(vault, "POST", "auth/token/revoke", Map.of("token", first.value()));

        assertThat(session.onPermissionDenied(first)).isTrue();

        VaultToken second = session.token();
        assertThat(second).isNotEqualTo(first);
        assertThat(TestAuth.alive(vault, second.value())).isTrue();
        assertThat(events.types()).containsExactly(REAUTHENTICATED);
        assertThat(session.onPermissionDenied(first)).as("another thread's stale token: retry with the new one").isTrue();
        assertThat(events.types()).containsExactly(REAUTHENTICATED);
        session.close();
    }

    @Test
    void aPermissionDeniedForAValidTokenIsAboutPoliciesAndDoesNotLogIn() {
        Session session = session(user(Map.of("token_ttl", "1h")));
        VaultToken token = session.token();

        assertThat(session.onPermissionDenied(token)).isFalse();

        assertThat(session.token()).isEqualTo(token);
        assertThat(transport.sent()).hasSize(2).endsWith("GET auth/token/lookup-self");
        session.close();
    }

    @Test
    void aGivenTokenIsNotReplacedOnPermissionDenied() {
        String token = TestAuth.token(vault, Map.of("ttl", "1h"));
        Session session = session(Authentication.token(VaultToken.of(token)));
        session.token();
        TestAuth.root(vault, "POST", "auth/token/revoke", Map.of("token", token));

        assertThat(session.onPermissionDenied(VaultToken.of(token))).isFalse();
        session.close();
    }

    @Test
    void concurrentFirstCallsLogInOnce() throws Exception {
        Session session = session(user(Map.of()));
        int threads = 16;
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<VaultToken>> tokens = new java.util.ArrayList<>();
            for (int i = 0; i < threads; i++) {
                tokens.add(pool.submit(() -> {
                    go.await();
                    return session.token();
                }));
            }
            go.countDown();
            java.util.Set<VaultToken> distinct = new java.util.HashSet<>();
            for (var f : tokens) {
                distinct.add(f.get());
            }
            assertThat(distinct).hasSize(1);
        }
        assertThat(transport.sent()).hasSize(1);
        session.close();
    }

    @Test
    void concurrentPermissionDeniedForOneRevokedTokenLogsInOnce() throws Exception {
        Session session = session(user(Map.of("token_ttl", "1h")));
        VaultToken first = session.token();
        TestAuth.root(vault, "POST", "auth/token/revoke", Map.of("token", first.value()));
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<Boolean>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return session.onPermissionDenied(first);
                }));
            }
            go.countDown();
            for (var a : answers) {
                assertThat(a.get()).isTrue();
            }
        }
        assertThat(events.types()).containsExactly(REAUTHENTICATED);
        assertThat(transport.sent().stream().filter(s -> s.contains("/login/"))).hasSize(2);
        session.close();
    }

    @Test
    void closeRevokesATokenTheSessionObtained() {
        String mount = TestAuth.enable(vault, "approle");
        TestAuth.AppRole role = TestAuth.appRole(vault, mount, "web", Map.of("token_ttl", "1h"));
        Session session = session(Authentication.appRole().mount(mount).roleId(role.roleId()).secretId(role.secretId()).build());
        VaultToken token = session.token();

        session.close();

        assertThat(TestAuth.alive(vault, token.value())).isFalse();
        assertThat(scheduler.nextDue()).as("no renewal after close").isEmpty();
        assertThat(transport.sent()).endsWith("POST auth/token/revoke-self");
    }

    @Test
    void closeLeavesAGivenTokenAlone() {
        String token = TestAuth.token(vault, Map.of("ttl", "1h"));
        Session session = session(Authentication.token(VaultToken.of(token)));
        session.token();

        session.close();

        assertThat(TestAuth.alive(vault, token)).isTrue();
        assertThat(transport.sent()).doesNotContain("POST auth/token/revoke-self");
    }

    @Test
    void aClosedSessionRefusesTokensAndClosesOnlyOnce() {
        Session session = session(user(Map.of()));
        session.token();
        session.close();
        session.close();

        assertThatThrownBy(session::token).isInstanceOf(IllegalStateException.class)
                .hasMessage("This Vault session is closed: start a new one with Session.start(..)");
        assertThat(transport.sent().stream().filter(s -> s.contains("revoke-self"))).hasSize(1);
        assertThat(session.onPermissionDenied(VaultToken.of("x"))).isFalse();
    }

    @Test
    void closingBeforeAnyLoginSendsNothing() {
        Session session = session(user(Map.of()));

        session.close();

        assertThat(transport.sent()).isEmpty();
    }

    @Test
    void startNamesTheMissingArgument() {
        assertThatThrownBy(() -> Session.start(transport, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("authentication must not be null");
        assertThatThrownBy(() -> Session.start(null, Authentication.token(VaultToken.of("t"))))
                .hasMessage("transport must not be null");
    }

    @Test
    void optionsAreCheckedWhenBuilt() {
        assertThatThrownBy(() -> SessionOptions.builder().renewalFraction(1).build())
                .hasMessage("renewalFraction must be above 0 and below 1 (2/3 renews after two thirds of the TTL), got 1.0");
        assertThatThrownBy(() -> SessionOptions.builder().jitter(0.9).build())
                .hasMessage("jitter must be between 0 and 0.5 (a share of the renewal delay), got 0.9");
        assertThatThrownBy(() -> SessionOptions.builder().minRefresh(Duration.ofSeconds(-1)).build())
                .hasMessage("minRefresh must be zero or positive, got PT-1S");
        assertThatThrownBy(() -> SessionOptions.builder().clock(null).build())
                .hasMessageStartingWith("clock must not be null");
        SessionOptions defaults = SessionOptions.defaults();
        assertThat(defaults.renewalFraction()).isEqualTo(2.0 / 3.0);
        assertThat(defaults.jitter()).isEqualTo(0.1);
        assertThat(defaults.minRefresh()).isEqualTo(Duration.ofSeconds(1));
        assertThat(defaults.scheduler()).isSameAs(SessionScheduler.shared());
    }
}
