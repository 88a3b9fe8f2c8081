package org.flowvault.platform.masking;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Whatever the secret and wherever it sits, no masked output gives it away. */
class MaskerProperties {

    /** Any text without '*' (the replacement character) and without unpaired surrogates. */
    @Provide
    Arbitrary<String> text() {
        return chars().ofMinLength(0).ofMaxLength(40);
    }

    @Provide
    Arbitrary<String> secret() {
        return chars().ofMinLength(4).ofMaxLength(40).filter(s -> s.strip().length() >= Masker.MIN_LENGTH);
    }

    private static net.jqwik.api.arbitraries.StringArbitrary chars() {
        return Arbitraries.strings().withCharRange(' ', ')').withCharRange('+', '~').withCharRange('\u00a0', '\u04ff')
                .withCharRange('\u4e00', '\u4fff').withChars('\n', '\t');
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(40);
    }

    @Property(tries = 500)
    void plainSecretNeverSurvives(@ForAll("secret") String secret, @ForAll("text") String before, @ForAll("text") String after) {
        Masker m = new Masker();
        m.register(secret);
        String masked = m.mask(before + secret + after + secret);
        assertThat(masked).doesNotContain(secret);
    }

    @Property(tries = 500)
    void encodedSecretNeverSurvives(@ForAll("secret") String secret, @ForAll("text") String before, @ForAll("text") String after,
                                    @ForAll @IntRange(min = 0, max = 6) int encoding) {
        Masker m = new Masker();
        m.register(secret);
        String encoded = encode(secret, encoding);
        String masked = m.mask(before + encoded + after);
        assertThat(masked).doesNotContain(encoded).doesNotContain(secret);
    }

    @Property(tries = 500)
    void aSecretAsANormalisingInputGivesItBackNeverSurvives(@ForAll("secret") String secret, @ForAll("text") String before,
                                                            @ForAll("text") String after,
                                                            @ForAll @IntRange(min = 0, max = 5) int normalisation) {
        Masker m = new Masker();
        m.register(secret);
        String shown = normalise(secret, normalisation);
        String masked = m.mask(before + shown + after);
        assertThat(masked).doesNotContain(shown);
    }

    @Property(tries = 500)
    void aSecretInRandomCaseNeverSurvives(@ForAll("secret") String secret, @ForAll("text") String before, @ForAll long seed) {
        Masker m = new Masker();
        m.register(secret);
        java.util.Random random = new java.util.Random(seed);
        StringBuilder b = new StringBuilder();
        for (char c : secret.toCharArray()) {
            b.append(random.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
        }
        String shown = b.toString();
        assertThat(m.mask(before + shown)).doesNotContain(shown);
    }

    @Property(tries = 500)
    void theNewEncodedFormsNeverSurvive(@ForAll("secret") String secret, @ForAll("text") String before, @ForAll("text") String after,
                                        @ForAll @IntRange(min = 0, max = 5) int normalisation,
                                        @ForAll @IntRange(min = 0, max = 6) int encoding) {
        // the hex and base64 of the value as a normalising input turned it, and the case-changed escapes
        Masker m = new Masker();
        m.register(secret);
        String encoded = newEncoding(normalise(secret, normalisation), encoding);
        assertThat(m.mask(before + encoded + after)).doesNotContain(encoded);
    }

    @Property(tries = 300)
    void textWithoutTheSecretInAnyFormIsLeftAsIs(@ForAll("secret") String secret, @ForAll("text") String text) {
        Masker m = new Masker();
        m.register(secret);
        String folded = Automaton.fold(text);
        boolean holdsSomeForm = SecretForms.of(secret).stream().anyMatch(f -> folded.contains(Automaton.fold(f)));
        if (!holdsSomeForm) {
            assertThat(m.mask(text)).isEqualTo(text);
        }
    }

    @Property(tries = 500)
    void secretInsideABase64BlobCannotBeDecodedFromTheMaskedText(@ForAll("secret") String secret, @ForAll("bytes") byte[] before,
                                                                  @ForAll("bytes") byte[] after, @ForAll boolean urlSafe,
                                                                  @ForAll boolean padded) {
        Masker m = new Masker();
        m.register(secret);
        byte[] s = secret.getBytes(StandardCharsets.UTF_8);
        byte[] blob = new byte[before.length + s.length + after.length];
        System.arraycopy(before, 0, blob, 0, before.length);
        System.arraycopy(s, 0, blob, before.length, s.length);
        System.arraycopy(after, 0, blob, before.length + s.length, after.length);
        Base64.Encoder encoder = urlSafe ? Base64.getUrlEncoder() : Base64.getEncoder();
        String encoded = (padded ? encoder : encoder.withoutPadding()).encodeToString(blob);
        String masked = m.mask("payload=" + encoded + ";");
        for (String run : masked.split("[^A-Za-z0-9+/_=-]+")) {
            for (int offset = 0; offset < 4 && offset < run.length(); offset++) {
                byte[] decoded = MaskerTest.decodeLenient(run.substring(offset));
                assertThat(indexOf(decoded, s)).as("secret decodable from %s at offset %d", run, offset).isNegative();
            }
        }
    }

    @Property(tries = 200)
    void maskedTreesHoldTheSecretNowhere(@ForAll("secret") String secret, @ForAll("text") String before, @ForAll("text") String key) {
        Masker m = new Masker();
        m.register(secret);
        Map<String, Object> tree = Map.of("k", List.of(before + secret, Map.of(key + secret, secret)), "x", before);
        assertThat(render(m.maskTree(tree))).noneMatch(s -> s.contains(secret));
    }

    private static List<String> render(Object tree) {
        List<String> out = new ArrayList<>();
        if (tree instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                out.add(String.valueOf(k));
                out.addAll(render(v));
            });
        } else if (tree instanceof List<?> list) {
            list.forEach(v -> out.addAll(render(v)));
        } else {
            out.add(String.valueOf(tree));
        }
        return out;
    }

    private static String encode(String secret, int encoding) {
        byte[] b = secret.getBytes(StandardCharsets.UTF_8);
        return switch (encoding) {
            case 0 -> URLEncoder.encode(secret, StandardCharsets.UTF_8);
            case 1 -> URLEncoder.encode(secret, StandardCharsets.UTF_8).replace("+", "%20");
            case 2 -> Base64.getEncoder().encodeToString(b);
            case 3 -> Base64.getEncoder().withoutPadding().encodeToString(b);
            case 4 -> Base64.getUrlEncoder().encodeToString(b);
            case 5 -> Base64.getUrlEncoder().withoutPadding().encodeToString(b);
            default -> new String(JsonStringEncoder.getInstance().quoteAsString(secret));
        };
    }

    /** The value as an input normalisation may give it back. */
    private static String normalise(String secret, int normalisation) {
        return switch (normalisation) {
            case 0 -> secret.toUpperCase(java.util.Locale.ROOT);
            case 1 -> secret.toLowerCase(java.util.Locale.ROOT);
            case 2 -> secret.toLowerCase(java.util.Locale.ROOT).replace('-', '_');
            case 3 -> secret.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
            case 4 -> secret.replace('_', '-');
            default -> secret.strip().toUpperCase(java.util.Locale.ROOT);
        };
    }

    private static String newEncoding(String value, int encoding) {
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        return switch (encoding) {
            case 0 -> java.util.HexFormat.of().formatHex(b);
            case 1 -> java.util.HexFormat.of().withUpperCase().formatHex(b);
            case 2 -> URLEncoder.encode(value, StandardCharsets.UTF_8).toLowerCase(java.util.Locale.ROOT);
            case 3 -> Base64.getEncoder().encodeToString(b);
            case 4 -> Base64.getUrlEncoder().withoutPadding().encodeToString(b);
            case 5 -> asciiJson(value);
            default -> URLEncoder.encode(value, StandardCharsets.UTF_8);
        };
    }

    /** JSON as ASCII-only writers give it: every non-ASCII char as a backslash-u escape. */
    private static String asciiJson(String value) {
        StringBuilder b = new StringBuilder();
        for (char c : new String(JsonStringEncoder.getInstance().quoteAsString(value)).toCharArray()) {
            if (c < 128) {
                b.append(c);
            } else {
                b.append(String.format("\\u%04X", (int) c));
            }
        }
        return b.toString();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
