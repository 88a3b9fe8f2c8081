package org.flowvault.platform.masking;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MaskerTest {

    @Test
    void registeredValueIsReplacedEverywhereItAppears() {
        Masker m = new Masker();
        m.register("s3cr3t-pass");
        assertThat(m.mask("user=admin password=s3cr3t-pass; again s3cr3t-pass."))
                .isEqualTo("user=admin password=****; again ****.");
    }

    @Test
    void overlappingAndAdjacentOccurrencesCollapseIntoOneReplacement() {
        Masker m = new Masker();
        m.registerAll(List.of("abcd", "cdef"));
        assertThat(m.mask("xabcdefx")).isEqualTo("x****x");
        assertThat(m.mask("abcdabcd")).isEqualTo("****");
        assertThat(m.mask("ab")).isEqualTo("ab");
    }

    @Test
    void shortAndBlankValuesAreIgnoredSoLogsStayReadable() {
        Masker m = new Masker();
        assertThat(m.register("abc")).isFalse();
        assertThat(m.register("   x  ")).isFalse();
        assertThat(m.register(null)).isFalse();
        assertThat(m.size()).isZero();
        assertThat(m.mask("abc x")).isEqualTo("abc x");
    }

    @Test
    void quoteDoubledFormsAreMasked() {
        // databases quote a rejected value by doubling its quotes (H2: converting "p""w")
        Masker m = new Masker();
        m.register("pa\"ss'word");
        String masked = m.mask("Data conversion error converting \"pa\"\"ss'word\"; SQL: 'pa\"ss''word'");
        assertThat(masked).doesNotContain("ss'word").doesNotContain("ss''word").doesNotContain("pa\"\"ss");
    }

    @Test
    void encodedFormsAreMasked() {
        Masker m = new Masker();
        String secret = "p@ss w/rd+\"q\"";
        m.register(secret);
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        List<String> forms = List.of(
                URLEncoder.encode(secret, StandardCharsets.UTF_8),
                URLEncoder.encode(secret, StandardCharsets.UTF_8).replace("+", "%20"),
                Base64.getEncoder().encodeToString(bytes),
                Base64.getUrlEncoder().withoutPadding().encodeToString(bytes),
                "p@ss w/rd+\\\"q\\\"");
        for (String form : forms) {
            assertThat(m.mask("[" + form + "]")).as(form).isEqualTo("[****]");
        }
    }

    @Test
    void secretInsideABasicAuthorizationHeaderIsMasked() {
        Masker m = new Masker();
        m.register("hunter2-longer");
        String header = "Authorization: Basic " + Base64.getEncoder().encodeToString("alice:hunter2-longer".getBytes(StandardCharsets.UTF_8));
        String masked = m.mask(header);
        assertThat(masked).contains("****");
        for (String run : masked.substring("Authorization: Basic ".length()).split("\\*+")) {
            assertThat(new String(decodeLenient(run), StandardCharsets.ISO_8859_1)).doesNotContain("hunter2-longer");
        }
    }

    @Test
    void maskTreeMasksKeysValuesAndNestedStructuresWithoutChangingTheInput() {
        Masker m = new Masker();
        m.register("topsecret");
        m.register("123456");
        Map<String, Object> tree = Map.of("a", List.of("x topsecret y", Map.of("topsecret", 1)), "n", 123456, "ok", true);
        Object masked = m.maskTree(tree);
        assertThat(masked.toString()).doesNotContain("topsecret").doesNotContain("123456");
        assertThat(((Map<?, ?>) masked).get("ok")).isEqualTo(true);
        assertThat(tree.get("n")).isEqualTo(123456);
    }

    @Test
    void registerTreeRegistersEveryLeaf() {
        Masker m = new Masker();
        assertThat(m.registerTree(Map.of("user", "db-user", "password", "pw-value-1", "nested", List.of("third-one")))).isEqualTo(3);
        assertThat(m.mask("db-user pw-value-1 third-one")).isEqualTo("**** **** ****");
        assertThat(m.containsSecret("... pw-value-1 ...")).isTrue();
        assertThat(m.containsSecret("nothing here")).isFalse();
    }

    @Test
    void toStringShowsOnlyTheCount() {
        Masker m = new Masker();
        m.register("visible-if-broken");
        assertThat(m.toString()).isEqualTo("Masker[1 secrets]");
    }

    /**
     * Not a timing assertion: prints the cost per character for growing inputs (it should stay
     * flat: the scan is linear) and checks that every planted secret is masked at every size.
     */
    @Test
    void scanningMegabytesWithDozensOfSecretsMasksEveryOccurrence() {
        Random random = new Random(42);
        Masker m = new Masker();
        List<String> secrets = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String s = Long.toHexString(random.nextLong()) + "-secret-" + i;
            secrets.add(s);
        }
        m.registerAll(secrets);
        for (int megabytes : new int[] {1, 2, 4}) {
            StringBuilder text = new StringBuilder(megabytes << 20);
            int planted = 0;
            while (text.length() < megabytes << 20) {
                text.append("2026-11-25T01:00:00Z INFO step 17 line ").append(random.nextInt()).append(' ');
                if (random.nextInt(20) == 0) {
                    text.append(secrets.get(random.nextInt(secrets.size())));
                    planted++;
                }
                text.append('\n');
            }
            long start = System.nanoTime();
            String masked = m.mask(text);
            long nanos = System.nanoTime() - start;
            System.out.printf("masker: %d MiB, %d secrets registered, %d planted: %d ms (%.1f ns/char)%n",
                    megabytes, secrets.size(), planted, TimeUnit.NANOSECONDS.toMillis(nanos), (double) nanos / text.length());
            assertThat(masked.split("\\*\\*\\*\\*", -1).length - 1).isEqualTo(planted);
            for (String s : secrets) {
                assertThat(masked).doesNotContain(s);
            }
        }
    }

    /** Decodes the longest base64 prefix it can, ignoring a trailing partial group. */
    static byte[] decodeLenient(String run) {
        String clean = run.replace('-', '+').replace('_', '/').replace("=", "");
        clean = clean.substring(0, clean.length() - clean.length() % 4);
        return Base64.getDecoder().decode(clean);
    }
}
