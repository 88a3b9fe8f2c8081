package org.flowvault.vault.server.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.flowvault.vault.server.barrier.Barrier;
import org.flowvault.vault.server.storage.InMemoryStorage;
import org.junit.jupiter.api.Test;

class SealManagerTest {

    @Test
    void unsealsAfterThresholdSharesAndTracksProgress() {
        InMemoryStorage physical = new InMemoryStorage();
        SealManager seal = new SealManager(physical, new Barrier(physical));
        List<byte[]> keys = seal.init(5, 3).shares();
        assertThat(seal.sealed()).isTrue();
        assertThat(seal.submit(keys.get(4))).isFalse();
        assertThat(seal.progress()).isEqualTo(1);
        assertThat(seal.nonce()).isNotEmpty();
        assertThat(seal.submit(keys.get(4))).isFalse(); // the same share twice adds nothing
        assertThat(seal.progress()).isEqualTo(1);
        assertThat(seal.submit(keys.get(1))).isFalse();
        assertThat(seal.submit(keys.get(2))).isTrue();
        assertThat(seal.sealed()).isFalse();
        assertThat(seal.progress()).isZero();
    }

    @Test
    void sharesOfAnotherVaultFailAndResetProgress() {
        InMemoryStorage a = new InMemoryStorage();
        InMemoryStorage b = new InMemoryStorage();
        SealManager sealA = new SealManager(a, new Barrier(a));
        SealManager sealB = new SealManager(b, new Barrier(b));
        sealA.init(3, 2);
        List<byte[]> keysB = sealB.init(3, 2).shares();
        sealA.submit(keysB.get(0));
        assertThatThrownBy(() -> sealA.submit(keysB.get(1))).isInstanceOf(SealException.class)
                .hasMessageContaining("not the ones");
        assertThat(sealA.progress()).isZero();
        assertThat(sealA.sealed()).isTrue();
    }

    @Test
    void singleShareIsTheRawKey() {
        InMemoryStorage physical = new InMemoryStorage();
        SealManager seal = new SealManager(physical, new Barrier(physical));
        List<byte[]> keys = seal.init(1, 1).shares();
        assertThat(keys.get(0)).hasSize(32);
        assertThat(seal.submit(keys.get(0))).isTrue();
    }

    @Test
    void invalidShareCountsAreRejectedWithVaultsReasons() {
        InMemoryStorage physical = new InMemoryStorage();
        SealManager seal = new SealManager(physical, new Barrier(physical));
        assertThatThrownBy(() -> seal.init(3, 1)).hasMessageContaining("greater than one");
        assertThatThrownBy(() -> seal.init(2, 3)).hasMessageContaining("cannot be larger");
        assertThatThrownBy(() -> seal.init(0, 0)).hasMessageContaining("at least one");
    }
}
