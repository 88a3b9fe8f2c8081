package org.flowvault.vault.client.internal.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.flowvault.vault.client.SessionEvent.Type.RENEWAL_FAILED;
import static org.flowvault.vault.client.SessionEvent.Type.RENEWED;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.flowvault.vault.client.SessionEvent;
import org.flowvault.vault.client.VaultException;
import org.flowvault.vault.client.VaultToken;
import org.flowvault.vault.client.auth.Authentication;
import org.flowvault.vault.client.auth.TestAuth;
import org.flowvault.vault.client.auth.TestTransport;
import org.flowvault.vault.server.TestVault;
import org.flowvault.vault.server.VaultServer;
import org.junit.jupiter.api.Test;

/** Renewal against a Vault that is sealed for a while: failures back off, and renewal resumes after unseal. */
class SessionSealedVaultTest {

    @Test
    void renewalRetriesWithBackoffWhileVaultIsSealedAndResumesAfterUnseal() {
        ManualClock clock = new ManualClock(Instant.parse("2031-01-01T00:00:00Z"));
        ManualScheduler scheduler = new ManualScheduler(clock);
        Events events = new Events();
        try (TestVault vault = TestVault.of(VaultServer.builder().dev().clock(clock))) {
            String token = TestAuth.token(vault, Map.of("ttl", "60s"));
            Session session = Session.start(TestTransport.to(vault.address()), Authentication.token(VaultToken.of(token)),
                    SessionOptions.builder().clock(clock).scheduler(scheduler).jitter(0).listener(events).build());
            Instant start = clock.instant();
            session.token();
            TestAuth.root(vault, "PUT", "sys/seal", null);

            scheduler.advance(Duration.ofSeconds(40));
            assertThat(events.types()).containsExactly(RENEWAL_FAILED);
            assertThat(events.last().error()).isInstanceOf(VaultException.Sealed.class);
            assertThat(scheduler.nextDue()).contains(start.plusSeconds(41));

            scheduler.advance(Duration.ofSeconds(1));
            assertThat(events.types()).containsExactly(RENEWAL_FAILED, RENEWAL_FAILED);
            assertThat(scheduler.nextDue()).as("the second retry waits twice as long").contains(start.plusSeconds(43));

            vault.call("PUT", "sys/unseal", null, Map.of("key", vault.server().unsealKey()));
            scheduler.advance(Duration.ofSeconds(2));

            assertThat(events.types()).containsExactly(RENEWAL_FAILED, RENEWAL_FAILED, RENEWED);
            assertThat(scheduler.nextDue()).contains(start.plusSeconds(43 + 40));
            session.close();
        }
    }
}
