package org.flowvault.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The chain's own HMAC (from precomputed pad states) is the JDK's HmacSHA256, so stored macs stay verifiable by either. */
class ChainMacTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @ParameterizedTest(name = "a {0}-byte key")
    @ValueSource(ints = {1, 16, 32, 63, 64, 65, 100, 200})
    void padStatesGiveTheJdksHmacSha256ForEveryMessageLength(int keyLength) throws Exception {
        byte[] key = bytes(keyLength);
        Chain.PadStates pads = new Chain.PadStates(key);
        Mac jdk = Mac.getInstance("HmacSHA256");
        jdk.init(new SecretKeySpec(key, "HmacSHA256"));
        byte[] message = bytes(300);
        for (int length = 0; length <= message.length; length++) {
            jdk.update(message, 0, length);
            assertThat(pads.hmac(message, length)).as("a %d-byte message", length).isEqualTo(jdk.doFinal());
        }
    }

    @ParameterizedTest(name = "a {0}-byte key")
    @ValueSource(ints = {32, 100})
    void aRunOfLinksGivesTheMacsThatLinkingEachRecordAloneGives(int keyLength) {
        Chain chain = new Chain(new SecretKeySpec(bytes(keyLength), "HmacSHA256"));
        Chain.Links run = chain.links(Chain.GENESIS);
        String previous = Chain.GENESIS;
        for (long seq = 1; seq <= 50; seq++) {
            UUID id = UUID.randomUUID();
            byte[] digest = bytes(32);
            byte[] raw = run.next(seq, id, 1_700_000_000_000_000L + seq, digest);
            String alone = chain.link(seq, id, 1_700_000_000_000_000L + seq, digest, previous);
            assertThat(java.util.HexFormat.of().formatHex(raw)).isEqualTo(alone);
            assertThat(run.previous()).isEqualTo(alone);
            previous = alone;
        }
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
