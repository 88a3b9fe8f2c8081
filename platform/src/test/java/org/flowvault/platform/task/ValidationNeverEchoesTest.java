package org.flowvault.platform.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.flowvault.platform.StandardTasks;
import org.flowvault.platform.masking.Masker;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Finding 2 of issue 9, at its cause: a value that fails a task's validation is never quoted in
 * the error, in any case or normalisation. The run's masker here does NOT know the value (as when
 * a secret has been transformed beyond recognition), so only the message itself can keep it out.
 * Each case puts the value where a hostile or careless flow author would: in an input that is
 * upper- or lower-cased, dash-normalised or pattern-checked before anything is connected to.
 */
class ValidationNeverEchoesTest {
    /** Mixed case, dashes and a digit: upper-, lower-casing and dash-to-underscore all change it. */
    private static final String SECRET = "My-Secret-Value-1";
    private static final String URL = "http://127.0.0.1:1/never-called";

    static Stream<Arguments> inputs() {
        return Stream.of(
                Arguments.of("HTTP", "method", Map.of("url", URL, "method", SECRET)),
                Arguments.of("HTTP", "auth", Map.of("url", URL, "auth", SECRET)),
                Arguments.of("HTTP", "auth", Map.of("url", URL, "auth", Map.of("type", SECRET))),
                Arguments.of("HTTP", "url", Map.of("url", SECRET)),
                Arguments.of("HTTP", "timeout_seconds", Map.of("url", URL, "timeout_seconds", SECRET)),
                Arguments.of("HTTP", "follow_redirects", Map.of("url", URL, "follow_redirects", SECRET)),
                Arguments.of("HTTP", "max_response_bytes", Map.of("url", URL, "max_response_bytes", SECRET)),
                Arguments.of("SQL", "dialect", Map.of("dialect", SECRET, "host", "127.0.0.1", "database", "db")),
                Arguments.of("SQL", "host", Map.of("dialect", "postgresql", "host", SECRET + "?ssl=x", "database", "db")),
                Arguments.of("SQL", "database", Map.of("dialect", "postgresql", "host", "127.0.0.1", "database", SECRET + "?x")),
                Arguments.of("SQL", "port", Map.of("dialect", "postgresql", "host", "127.0.0.1", "port", SECRET, "database", "db")),
                Arguments.of("SQL", "url", Map.of("url", SECRET)),
                Arguments.of("VAULT", "command", Map.of("command", SECRET, "path", "secret/x")),
                Arguments.of("GIT", "command", Map.of("command", SECRET, "repository_url", "https://127.0.0.1:1/x.git")),
                Arguments.of("GIT", "repository_url", Map.of("command", "metadata", "repository_url", SECRET)),
                Arguments.of("GIT", "timeout_seconds", Map.of("repository_url", "https://127.0.0.1:1/x.git", "timeout_seconds", SECRET)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("inputs")
    void anInvalidInputIsNamedWithWhatIsAllowedButNeverQuoted(String type, String field, Map<String, Object> inputs) {
        Masker masker = new Masker();
        TaskContext context = TaskContext.builder(masker).egress(Egress.of(List.of("127.0.0.1"))).build();
        Task task = StandardTasks.registry(null).get(type);

        TaskException e = catchThrowableOfType(TaskException.class, () -> task.execute(new LinkedHashMap<>(inputs), context));

        assertThat(e).as("%s %s fails validation", type, field).isNotNull();
        assertThat(e.kind()).isEqualTo(TaskException.Kind.INPUT);
        assertThat(e.getMessage()).contains("input \"" + field + "\"");
        for (String form : forms(SECRET)) {
            assertThat(e.getMessage()).as("the message quotes the value as %s", form).doesNotContainIgnoringCase(form);
        }
    }

    /** The value as inputs normalise it, and its usual encodings. */
    static Set<String> forms(String secret) {
        Set<String> cased = new LinkedHashSet<>(List.of(secret, secret.toUpperCase(Locale.ROOT), secret.toLowerCase(Locale.ROOT)));
        Set<String> out = new LinkedHashSet<>();
        for (String c : cased) {
            out.addAll(List.of(c, c.replace('-', '_'), c.replace('_', '-')));
        }
        for (String c : List.copyOf(out)) {
            byte[] b = c.getBytes(StandardCharsets.UTF_8);
            out.addAll(List.of(HexFormat.of().formatHex(b), Base64.getEncoder().encodeToString(b),
                    Base64.getUrlEncoder().withoutPadding().encodeToString(b), URLEncoder.encode(c, StandardCharsets.UTF_8)));
        }
        // a quoted fragment is an echo too: the value without its last char
        out.add(secret.substring(0, secret.length() - 1));
        return out;
    }
}
