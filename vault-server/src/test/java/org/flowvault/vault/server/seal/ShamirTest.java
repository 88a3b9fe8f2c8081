package org.flowvault.vault.server.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class ShamirTest {

    @Property(tries = 200)
    void anyThresholdSubsetRecoversTheSecret(@ForAll @Size(min = 1, max = 64) byte[] secret,
                                             @ForAll @IntRange(min = 2, max = 10) int threshold,
                                             @ForAll @IntRange(min = 0, max = 5) int extra,
                                             @ForAll long seed) {
        int parts = threshold + extra;
        List<byte[]> shares = new ArrayList<>(Shamir.split(secret, parts, threshold));
        Collections.shuffle(shares, new Random(seed));
        assertThat(Shamir.combine(shares.subList(0, threshold))).isEqualTo(secret);
    }

    @Property(tries = 100)
    void fewerSharesThanTheThresholdDoNotRecoverTheSecret(@ForAll @Size(min = 16, max = 32) byte[] secret,
                                                          @ForAll @IntRange(min = 3, max = 8) int threshold) {
        List<byte[]> shares = Shamir.split(secret, threshold, threshold);
        assertThat(Shamir.combine(shares.subList(0, threshold - 1))).isNotEqualTo(secret);
    }

    @Test
    void sharesCarryTheXCoordinateAsTheirLastByte() {
        byte[] secret = new byte[32];
        List<byte[]> shares = Shamir.split(secret, 5, 3);
        assertThat(shares).allSatisfy(s -> {
            assertThat(s).hasSize(33);
            assertThat(s[32]).isNotZero();
        });
        assertThat(shares.stream().map(s -> s[32]).distinct()).hasSize(5);
    }

    @Test
    void duplicateSharesAreRejected() {
        List<byte[]> shares = Shamir.split(new byte[] {1, 2, 3}, 3, 2);
        assertThatThrownBy(() -> Shamir.combine(List.of(shares.get(0), shares.get(0))))
                .hasMessageContaining("duplicate part");
    }

    @Test
    void fieldArithmeticMatchesKnownAesValues() {
        // 0x57 * 0x83 = 0xc1 in the AES field (FIPS-197 §4.2)
        assertThat(Shamir.mul(0x57, 0x83)).isEqualTo(0xc1);
        for (int a = 1; a < 256; a++) {
            assertThat(Shamir.mul(Shamir.div(1, a), a)).isEqualTo(1);
        }
    }
}
