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
    void caseChangedAndDashSwappedSecretsAreMaskedAsInputsNormaliseThem() {
        // finding 2 of issue 9: HTTP upper-cases a method, VAULT/GIT lower-case a command and turn - into _
        Masker m = new Masker();
        m.register("My-Secret-Value-1");
        for (String echoed : List.of("MY-SECRET-VALUE-1", "my-secret-value-1", "my_secret_value_1", "MY_SECRET_VALUE_1",
                "mY-sEcReT_vAlUe-1", "My_Secret_Value_1")) {
            assertThat(m.mask("got \"" + echoed + "\"")).as(echoed).isEqualTo("got \"****\"");
            assertThat(m.containsSecret("x " + echoed + " y")).as(echoed).isTrue();
        }
        assertThat(m.mask("My-Secret-Value-2 and my secret value 1")).isEqualTo("My-Secret-Value-2 and my secret value 1");
    }

    @Test
    void caseMappingsThatChangeTheLengthAreMaskedToo() {
        Masker m = new Masker();
        m.register("straße-geheim");
        assertThat(m.mask("[STRASSE-GEHEIM] [STRASSE_GEHEIM] [STRAẞE-GEHEIM]")).isEqualTo("[****] [****] [****]");
        m.register("ÉCOLE-secrète");
        assertThat(m.mask("[école-SECRÈTE]")).isEqualTo("[****]");
    }

    @Test
    void hexInEitherCaseIsMasked() {
        Masker m = new Masker();
        m.register("My-Secret-Value-1");
        String hex = java.util.HexFormat.of().formatHex("My-Secret-Value-1".getBytes(StandardCharsets.UTF_8));
        assertThat(m.mask("[" + hex + "]")).isEqualTo("[****]");
        assertThat(m.mask("[" + hex.toUpperCase(java.util.Locale.ROOT) + "]")).isEqualTo("[****]");
        // and the hex of the value as a normalising input turned it
        String upperHex = java.util.HexFormat.of().formatHex("MY_SECRET_VALUE_1".getBytes(StandardCharsets.UTF_8));
        assertThat(m.mask("0x" + upperHex)).isEqualTo("0x****");
    }

    @Test
    void urlEscapesInEitherCaseAndJsonUnicodeEscapesAreMasked() {
        Masker m = new Masker();
        String secret = "a/b c\u0001é-Secret";
        m.register(secret);
        assertThat(m.mask("[a%2Fb+c%01%C3%A9-Secret]")).isEqualTo("[****]");
        assertThat(m.mask("[a%2fb%20c%01%c3%a9-Secret]")).isEqualTo("[****]");
        assertThat(m.mask("[a/b c\\u0001é-Secret]")).isEqualTo("[****]");
        assertThat(m.mask("[a/b c\\u0001\\u00e9-Secret]")).isEqualTo("[****]");
        assertThat(m.mask("[a/b c\\u0001\\u00E9-SECRET]")).isEqualTo("[****]");
    }

    @Test
    void base64OfTheCaseChangedValueIsMasked() {
        Masker m = new Masker();
        m.register("My-Secret-Value-1");
        for (String v : List.of("MY-SECRET-VALUE-1", "my_secret_value_1")) {
            String b64 = Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8));
            assertThat(m.mask("[" + b64 + "]")).as(v).isEqualTo("[****]");
        }
    }

    @Test
    void aShortSecretMatchesInAnyCaseButNoShorterEncodedFragmentIsMatched() {
        Masker m = new Masker();
        m.register("Abcd");
        assertThat(m.mask("abcd ABCD aBcD")).isEqualTo("**** **** ****");
        // its encoded forms are at least MIN_LENGTH long: ordinary short words stay readable
        assertThat(m.mask("a b c d ab cd QW Jj Y2 6162")).isEqualTo("a b c d ab cd QW Jj Y2 6162");
        assertThat(SecretForms.of("Abcd")).allSatisfy(f -> assertThat(f.length()).isGreaterThanOrEqualTo(Masker.MIN_LENGTH));
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
