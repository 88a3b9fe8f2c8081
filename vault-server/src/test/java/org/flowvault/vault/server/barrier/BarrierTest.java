package org.flowvault.vault.server.barrier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.flowvault.vault.server.storage.InMemoryStorage;
import org.flowvault.vault.server.storage.Storage;
import org.junit.jupiter.api.Test;

class BarrierTest {

    @Test
    void storedValuesAreCiphertextAndDecryptAfterUnseal() {
        InMemoryStorage physical = new InMemoryStorage();
        Barrier barrier = new Barrier(physical);
        byte[] root = AesGcm.newKey();
        barrier.initialize(root);
        barrier.unseal(root);
        barrier.put("logical/x/secret", "hunter2-password".getBytes(StandardCharsets.UTF_8));

        List<String> stored = encryptedKeys(physical, "");
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0)).doesNotContain("logical").doesNotContain("secret");
        byte[] raw = physical.get(stored.get(0));
        assertThat(new String(raw, StandardCharsets.ISO_8859_1)).doesNotContain("hunter2");
        assertThat(raw[4]).isEqualTo(AesGcm.VERSION_PATH_AAD);
        assertThat(AesGcm.termOf(raw)).isEqualTo(1);

        barrier.seal();
        assertThatThrownBy(() -> barrier.get("logical/x/secret")).hasMessageContaining("sealed");
        barrier.unseal(root);
        assertThat(new String(barrier.get("logical/x/secret"), StandardCharsets.UTF_8)).isEqualTo("hunter2-password");
    }

    @Test
    void ciphertextMovedToAnotherPathDoesNotDecrypt() {
        InMemoryStorage physical = new InMemoryStorage();
        Barrier barrier = new Barrier(physical);
        byte[] root = AesGcm.newKey();
        barrier.initialize(root);
        barrier.unseal(root);
        barrier.put("a", "value-a".getBytes(StandardCharsets.UTF_8));
        barrier.put("b", "value-b".getBytes(StandardCharsets.UTF_8));
        List<String> stored = encryptedKeys(physical, "");
        byte[] first = physical.get(stored.get(0));
        physical.put(stored.get(0), physical.get(stored.get(1)));
        physical.put(stored.get(1), first);
        assertThatThrownBy(() -> barrier.get("a")).isInstanceOf(BarrierException.class);
        assertThatThrownBy(() -> barrier.get("b")).isInstanceOf(BarrierException.class);
    }

    @Test
    void aWrongRootKeyCannotOpenTheKeyring() {
        InMemoryStorage physical = new InMemoryStorage();
        Barrier barrier = new Barrier(physical);
        byte[] root = AesGcm.newKey();
        barrier.initialize(root);
        assertThatThrownBy(() -> barrier.unseal(AesGcm.newKey())).isInstanceOf(BarrierException.class);
        assertThat(barrier.sealed()).isTrue();
    }

    @Test
    void rotationKeepsOldEntriesReadable() {
        InMemoryStorage physical = new InMemoryStorage();
        Barrier barrier = new Barrier(physical);
        byte[] root = AesGcm.newKey();
        barrier.initialize(root);
        barrier.unseal(root);
        barrier.put("old", new byte[] {1});
        assertThat(barrier.rotate(root)).isEqualTo(2);
        barrier.put("new", new byte[] {2});
        assertThat(encryptedKeys(physical, "").stream().map(k -> AesGcm.termOf(physical.get(k)))).containsExactlyInAnyOrder(1, 2);
        barrier.seal();
        barrier.unseal(root);
        assertThat(barrier.get("old")).containsExactly(1);
        assertThat(barrier.get("new")).containsExactly(2);
    }

    @Test
    void listingDecryptsKeyNames() {
        InMemoryStorage physical = new InMemoryStorage();
        Barrier barrier = new Barrier(physical);
        byte[] root = AesGcm.newKey();
        barrier.initialize(root);
        barrier.unseal(root);
        barrier.put("app/db/password", new byte[] {1});
        barrier.put("app/db/user", new byte[] {2});
        barrier.put("app/api", new byte[] {3});
        assertThat(barrier.list("app/")).containsExactly("api", "db/");
        assertThat(barrier.list("app/db/")).containsExactly("password", "user");
        assertThat(barrier.list("")).containsExactly("app/");
    }

    /** Physical keys outside the seal's clear-text "core/" folder. */
    private static List<String> encryptedKeys(Storage physical, String prefix) {
        List<String> out = new ArrayList<>();
        for (String child : physical.list(prefix)) {
            if (prefix.isEmpty() && child.equals("core/")) {
                continue;
            }
            if (child.endsWith("/")) {
                out.addAll(encryptedKeys(physical, prefix + child));
            } else {
                out.add(prefix + child);
            }
        }
        return out;
    }
}
