package org.flowvault.vault.client.internal.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.flowvault.vault.client.SessionEvent.Type.CAPPED;
import static org.flowvault.vault.client.SessionEvent.Type.EXPIRED;
import static org.flowvault.vault.client.SessionEvent.Type.EXPIRING;
import static org.flowvault.vault.client.SessionEvent.Type.LOGIN_FAILED;
import static org.flowvault.vault.client.SessionEvent.Type.REAUTHENTICATED;
import static org.flowvault.vault.client.SessionEvent.Type.RENEWAL_FAILED;
import static org.flowvault.vault.client.SessionEvent.Type.RENEWED;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.flowvault.vault.client.SessionEvent;
import org.flowvault.vault.client.VaultException;
import org.flowvault.vault.client.VaultToken;
import org.flowvault.vault.client.auth.Authentication;
import org.flowvault.vault.client.auth.CustomLogin;
import org.flowvault.vault.client.auth.TestAuth;
import org.flowvault.vault.client.auth.TestTransport;
import org.flowvault.vault.client.internal.LoginResult;
import org.flowvault.vault.client.internal.VaultTransport;
import org.flowvault.vault.server.TestVault;
import org.flowvault.vault.server.VaultServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Renewal, caps and expiry, driven deterministically: the embedded server and the session share
 * a manual clock, and renewals run when the test moves it. Everything still goes over real HTTP.
 */
class SessionRenewalTest {
    private static final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
    private static TestVault vault;
    private static String userpass;

    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final Events events = new Events();
    private final TestTransport transport = TestTransport.to(vault.address());
    private Session session;

    @BeforeAll
    static void start() {
        vault = TestVault.of(VaultServer.builder().dev().clock(clock));
        userpass = TestAuth.enable(vault, "userpass");
    }

    @AfterAll
    static void stop() {
        vault.close();
    }

    @AfterEach
    void closeSession() {
        if (session != null) {
            session.close();
        }
    }

    private SessionOptions.Builder options() {
        return SessionOptions.builder().clock(clock).scheduler(scheduler).jitter(0).listener(events);
    }

    private Session start(Authentication auth) {
        session = Session.start(transport, auth, options().build());
        return session;
    }

    private Authentication user(Map<String, ?> params) {
        String name = TestAuth.name("u");
        TestAuth.user(vault, userpass, name, "pw", params);
        return Authentication.userpass().mount(userpass).username(name).password("pw").build();
    }

    private Authentication given(Map<String, ?> params) {
        return Authentication.token(VaultToken.of(TestAuth.token(vault, params)));
    }

    private long renewals() {
        return transport.sent().stream().filter(s -> s.startsWith("POST auth/token/renew-self")).count();
    }

    @Test
    void theTokenIsRenewedAfterTwoThirdsOfItsTtl() {
        Instant start = clock.instant();
        VaultToken token = start(user(Map.of("token_ttl", "60s"))).token();

        assertThat(scheduler.nextDue()).contains(start.plusSeconds(40));
        scheduler.advance(Duration.ofSeconds(39));
        assertThat(renewals()).isZero();

        scheduler.advance(Duration.ofSeconds(1));

        assertThat(events.types()).containsExactly(RENEWED);
        assertThat(events.last().ttl()).isEqualTo(Duration.ofSeconds(60));
        assertThat(events.last().expiresAt()).isEqualTo(start.plusSeconds(100));
        assertThat(TestAuth.ttl(vault, token.value())).isEqualTo(60);
        assertThat(scheduler.nextDue()).contains(start.plusSeconds(80));
    }

    @Test
    void renewalKeepsATokenAliveFarBeyondItsFirstTtl() {
        VaultToken token = start(user(Map.of("token_ttl", "60s"))).token();

        scheduler.advance(Duration.ofMinutes(10));

        assertThat(events.types()).hasSize(15).containsOnly(RENEWED);
        assertThat(TestAuth.alive(vault, token.value())).isTrue();
        assertThat(session.token()).isEqualTo(token);
    }

    @Test
    void aLoginTokenCappedByItsMaxTtlIsReplacedByANewLogin() {
        String mount = TestAuth.enable(vault, "approle");
        TestAuth.AppRole role = TestAuth.appRole(vault, mount, "capped", Map.of("token_ttl", "60s", "token_explicit_max_ttl", "100s"));
        start(Authentication.appRole().mount(mount).roleId(role.roleId()).secretId(role.secretId()).build());
        VaultToken first = session.token();

        scheduler.advance(Duration.ofSeconds(40));
        assertThat(events.types()).containsExactly(RENEWED);
        scheduler.advance(Duration.ofSeconds(40));

        assertThat(events.types()).containsExactly(RENEWED, RENEWED, CAPPED, REAUTHENTICATED);
        assertThat(events.all().get(1).ttl()).as("Vault granted only what was left of the max TTL").isEqualTo(Duration.ofSeconds(20));
        VaultToken second = session.token();
        assertThat(second).isNotEqualTo(first);
        assertThat(TestAuth.alive(vault, second.value())).isTrue();
        assertThat(TestAuth.alive(vault, first.value())).as("the old token lives out its last seconds for requests in flight").isTrue();
        assertThat(events.last().expiresAt()).isEqualTo(clock.instant().plusSeconds(60));
    }

    @Test
    void aGivenTokenCappedByItsMaxTtlIsAnnouncedAsExpiringThenExpired() {
        Instant start = clock.instant();
        VaultToken token = start(given(Map.of("ttl", "60s", "explicit_max_ttl", "100s"))).token();

        scheduler.advance(Duration.ofSeconds(80));

        assertThat(events.types()).containsExactly(RENEWED, RENEWED, CAPPED, EXPIRING);
        assertThat(events.last().expiresAt()).isEqualTo(start.plusSeconds(100));
        assertThat(scheduler.nextDue()).contains(start.plusSeconds(100));

        scheduler.advance(Duration.ofSeconds(20));

        assertThat(events.types()).endsWith(EXPIRING, EXPIRED);
        assertThat(scheduler.nextDue()).isEmpty();
        assertThat(session.token()).as("a given token is still handed out: Vault, not the local clock, decides").isEqualTo(token);
        assertThat(renewals()).isEqualTo(2);
    }

    @Test
    void aNonRenewableGivenTokenIsAnnouncedWhenItWouldHaveBeenRenewed() {
        Instant start = clock.instant();
        start(given(Map.of("ttl", "60s", "renewable", false))).token();

        scheduler.advance(Duration.ofSeconds(40));
        assertThat(events.types()).containsExactly(EXPIRING);
        assertThat(events.last().expiresAt()).isEqualTo(start.plusSeconds(60));

        scheduler.advance(Duration.ofSeconds(20));
        assertThat(events.types()).containsExactly(EXPIRING, EXPIRED);
        assertThat(renewals()).isZero();
    }

    @Test
    void aNonRenewableLoginTokenIsReplacedWhenItWouldHaveBeenRenewed() {
        // A login that hands out non-renewable tokens: root creates them, as a broker would.
        Authentication nonRenewable = CustomLogin.loggingIn(t -> {
            String token = t.send("POST", "auth/token/create", Map.of("ttl", "60s", "renewable", false), vault.rootToken(), null, Map.of())
                    .at("/auth/client_token").asText();
            return new LoginResult(VaultToken.of(token), Duration.ofSeconds(60), false, List.of(), true);
        });
        VaultToken first = start(nonRenewable).token();

        scheduler.advance(Duration.ofSeconds(40));

        assertThat(events.types()).containsExactly(REAUTHENTICATED);
        assertThat(session.token()).isNotEqualTo(first);
        assertThat(renewals()).isZero();
    }

    @Test
    void aRevokedLoginTokenIsReplacedAtTheNextRenewal() {
        VaultToken first = start(user(Map.of("token_ttl", "60s"))).token();
        TestAuth.root(vault, "POST", "auth/token/revoke", Map.of("token", first.value()));

        scheduler.advance(Duration.ofSeconds(40));

        assertThat(events.types()).containsExactly(RENEWAL_FAILED, REAUTHENTICATED);
        assertThat(events.all().getFirst().error()).isInstanceOf(VaultException.PermissionDenied.class);
        assertThat(TestAuth.alive(vault, session.token().value())).isTrue();
    }

    @Test
    void aFailedReLoginIsRetriedWithBackoffUntilItSucceeds() {
        String name = TestAuth.name("u");
        TestAuth.user(vault, userpass, name, "pw", Map.of("token_ttl", "60s"));
        Instant start = clock.instant();
        VaultToken first = start(Authentication.userpass().mount(userpass).username(name).password("pw").build()).token();
        TestAuth.root(vault, "POST", "auth/token/revoke", Map.of("token", first.value()));
        TestAuth.root(vault, "DELETE", "auth/" + userpass + "/users/" + name, null);

        scheduler.advance(Duration.ofSeconds(40));
        assertThat(events.types()).containsExactly(RENEWAL_FAILED, LOGIN_FAILED);
        assertThat(events.last().error()).isInstanceOf(VaultException.LoginFailed.class)
                .hasMessage("userpass login at auth/" + userpass + " failed: invalid username or password");
        assertThat(scheduler.nextDue()).contains(start.plusSeconds(41));
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(events.types()).containsExactly(RENEWAL_FAILED, LOGIN_FAILED, LOGIN_FAILED);
        assertThat(scheduler.nextDue()).contains(start.plusSeconds(43));

        TestAuth.user(vault, userpass, name, "pw", Map.of("token_ttl", "60s"));
        scheduler.advance(Duration.ofSeconds(2));

        assertThat(events.types()).containsExactly(RENEWAL_FAILED, LOGIN_FAILED, LOGIN_FAILED, REAUTHENTICATED);
        assertThat(TestAuth.alive(vault, session.token().value())).isTrue();
        assertThat(renewals()).as("a token Vault does not know is not renewed again").isEqualTo(1);
    }

    @Test
    void aRevokedGivenTokenIsReportedExpiredAndNoLongerRenewed() {
        VaultToken token = start(given(Map.of("ttl", "60s"))).token();
        TestAuth.root(vault, "POST", "auth/token/revoke", Map.of("token", token.value()));

        scheduler.advance(Duration.ofSeconds(40));

        assertThat(events.types()).containsExactly(RENEWAL_FAILED, EXPIRED);
        assertThat(scheduler.nextDue()).isEmpty();
    }

    @Test
    void aTokenWithoutTtlIsNeverRenewed() {
        start(Authentication.token(VaultToken.of(vault.rootToken()))).token();

        scheduler.advance(Duration.ofDays(400));

        assertThat(scheduler.nextDue()).isEmpty();
        assertThat(events.all()).isEmpty();
    }

    @Test
    void aTtlTheLoginDidNotReportIsLookedUpAfterLogin() {
        String token = TestAuth.token(vault, Map.of("ttl", "90s"));
        Authentication unknownTtl = CustomLogin.given(t -> new LoginResult(VaultToken.of(token), null, false, List.of(), false));
        Instant start = clock.instant();

        start(unknownTtl).token();

        assertThat(transport.sent()).containsExactly("GET auth/token/lookup-self");
        assertThat(scheduler.nextDue()).contains(start.plusSeconds(60));
        scheduler.advance(Duration.ofSeconds(60));
        assertThat(events.types()).containsExactly(RENEWED);
    }

    @Test
    void theRenewalFractionAndJitterChooseTheMoment() {
        Instant start = clock.instant();
        session = Session.start(transport, user(Map.of("token_ttl", "60s")),
                options().renewalFraction(0.5).jitter(0.1).build());

        session.token();

        assertThat(scheduler.nextDue()).hasValueSatisfying(due -> assertThat(due).isBetween(start.plusSeconds(27), start.plusSeconds(30)));
    }

    @Test
    void minRefreshKeepsShortTtlsFromRenewingTooOften() {
        Instant start = clock.instant();
        session = Session.start(transport, user(Map.of("token_ttl", "3s")), options().minRefresh(Duration.ofMillis(2500)).build());

        session.token();

        assertThat(scheduler.nextDue()).contains(start.plusMillis(2500));
    }

    @Test
    void renewalInTheAuthNamespaceWhileDataCallsUseAnother() {
        String team = TestAuth.name("team");
        TestAuth.root(vault, "POST", "sys/namespaces/" + team, Map.of());
        TestAuth.root(vault, "POST", team + "/sys/auth/userpass", Map.of("type", "userpass"));
        TestAuth.root(vault, "POST", team + "/auth/userpass/users/dana", Map.of("password", "pw", "token_ttl", "60s"));
        TestTransport apps = TestTransport.to(vault.address(), team + "/apps");
        session = Session.start(apps, Authentication.userpass().namespace(team).username("dana").password("pw").build(),
                options().build());

        session.token();
        scheduler.advance(Duration.ofSeconds(40));
        session.close();

        assertThat(events.types()).containsExactly(RENEWED);
        assertThat(apps.sent()).containsExactly("POST auth/userpass/login/dana ns=" + team,
                "POST auth/token/renew-self ns=" + team, "POST auth/token/revoke-self ns=" + team);
    }

    @Test
    void aFailingListenerDoesNotStopRenewal() {
        session = Session.start(transport, user(Map.of("token_ttl", "60s")), SessionOptions.builder().clock(clock).scheduler(scheduler)
                .listener(e -> {
                    throw new IllegalStateException("listener bug");
                }).listener(events).build());
        session.token();

        scheduler.advance(Duration.ofSeconds(100));

        assertThat(events.types()).containsExactly(RENEWED, RENEWED);
    }

    @Test
    void noEventEverShowsTheToken() {
        VaultToken token = start(given(Map.of("ttl", "60s", "explicit_max_ttl", "100s"))).token();

        scheduler.advance(Duration.ofSeconds(100));

        assertThat(events.all()).hasSize(5);
        assertThat(events.all()).allSatisfy(e -> assertThat(e.toString()).doesNotContain(token.value()));
        assertThat(session.toString()).doesNotContain(token.value());
    }
}
