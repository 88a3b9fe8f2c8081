package org.flowvault.platform.masking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ProcessSecretsTest {

    @Test
    void everyLiveMaskersSecretsAreMaskedInEveryForm() {
        ProcessSecrets registry = new ProcessSecrets(16);
        Masker run1 = new Masker(registry);
        Masker run2 = new Masker(registry);
        run1.register("Run-One-Secret");
        run2.register("run2-other-secret");
        String b64 = Base64.getEncoder().encodeToString("Run-One-Secret".getBytes(StandardCharsets.UTF_8));

        assertThat(registry.mask("a RUN_ONE_SECRET b " + b64 + " c run2-other-secret d"))
                .isEqualTo("a **** b **** c **** d");
        assertThat(registry.size()).isEqualTo(2);
        assertThat(registry.mask(null)).isNull();
    }

    @Test
    void overlappingSecretsOfDifferentRunsBecomeOneReplacementWithoutAFragmentLeft() {
        ProcessSecrets registry = new ProcessSecrets(16);
        new Masker(registry).register("abcdef-1");
        Masker other = new Masker(registry);
        other.register("def-1-ghij");

        assertThat(registry.mask("[abcdef-1-ghij]")).isEqualTo("[****]");
        assertThat(other).isNotNull();
    }

    @Test
    void aMaskerThatRegisteredNothingIsNotTracked() {
        ProcessSecrets registry = new ProcessSecrets(16);
        Masker idle = new Masker(registry);
        idle.register("abc");

        assertThat(registry.size()).isZero();
        assertThat(registry.mask("abc")).isEqualTo("abc");
    }

    @Test
    void pastItsCapacityTheLeastRecentlyRegisteringMaskerIsDroppedUntilItRegistersAgain() {
        ProcessSecrets registry = new ProcessSecrets(2);
        Masker a = new Masker(registry);
        Masker b = new Masker(registry);
        Masker c = new Masker(registry);
        a.register("secret-of-a");
        b.register("secret-of-b");
        a.register("second-of-a"); // a is now the most recent
        c.register("secret-of-c");

        assertThat(registry.size()).isEqualTo(2);
        assertThat(registry.mask("secret-of-a secret-of-b secret-of-c")).isEqualTo("**** secret-of-b ****");
        b.register("second-of-b");
        assertThat(registry.mask("secret-of-a secret-of-b secret-of-c")).isEqualTo("secret-of-a **** ****");
    }

    @Test
    void aCollectedMaskersSecretsAreForgotten() {
        ProcessSecrets registry = new ProcessSecrets(16);
        Masker kept = new Masker(registry);
        kept.register("kept-secret-1");
        WeakReference<Masker> dropped = registerAndDrop(registry);

        await().atMost(Duration.ofSeconds(30)).until(() -> {
            System.gc();
            return dropped.get() == null;
        });
        assertThat(registry.mask("dropped-secret-1 kept-secret-1")).isEqualTo("dropped-secret-1 ****");
        await().atMost(Duration.ofSeconds(30)).until(() -> registry.mask("x") != null && registry.size() == 1);
        assertThat(kept.size()).isEqualTo(1);
    }

    private static WeakReference<Masker> registerAndDrop(ProcessSecrets registry) {
        Masker m = new Masker(registry);
        m.register("dropped-secret-1");
        return new WeakReference<>(m);
    }

    @Test
    void everyMaskerFeedsTheGlobalRegistry() {
        Masker m = new Masker();
        String secret = "global-" + java.util.UUID.randomUUID();
        m.register(secret);

        assertThat(ProcessSecrets.global().mask("log line with " + secret.toUpperCase(java.util.Locale.ROOT)))
                .isEqualTo("log line with ****");
        assertThat(m.size()).isEqualTo(1);
    }
}
