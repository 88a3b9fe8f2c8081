package org.flowvault.platform.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.flowvault.platform.masking.Masker;
import org.junit.jupiter.api.Test;

class TaskInputsTest {

    @Test
    void secretNamedInputsAreRegisteredWithTheMasker() {
        Masker masker = new Masker();
        TaskInputs.of("SQL", Map.of("password", "pw-123456", "auth", Map.of("token", "tok-abcdef"), "api_key", 12345678,
                "user", "plain-user"), masker);
        assertThat(masker.mask("pw-123456 tok-abcdef 12345678 plain-user")).isEqualTo("**** **** **** plain-user");
    }

    @Test
    void missingInputNamesTheInputAndTheFix() {
        TaskInputs in = TaskInputs.of("HTTP", Map.of(), new Masker());
        assertThatThrownBy(() -> in.requireString("url", "give the URL to call"))
                .hasMessage("HTTP input \"url\" is missing: give the URL to call");
    }

    @Test
    void wrongTypeNamesTheKindGivenNeverTheValue() {
        Masker masker = new Masker();
        masker.register("known-secret-value");
        TaskInputs in = TaskInputs.of("SQL", Map.of("password", List.of("pw-in-a-list"), "timeout_seconds", "known-secret-value",
                "max_rows", "Unknown-To-The-Masker", "port", 70000, "ssl", "Maybe-Secret"), masker);
        assertThatThrownBy(() -> in.string("password")).hasMessage("SQL input \"password\" must be text, got a list");
        assertThatThrownBy(() -> in.number("timeout_seconds", 1, 10))
                .hasMessage("SQL input \"timeout_seconds\" must be a whole number between 1 and 10, got text");
        // a value the masker does not know is not quoted either: it may be a secret it cannot recognise
        assertThatThrownBy(() -> in.number("max_rows", 1, 10)).hasMessage("SQL input \"max_rows\" must be a whole number between 1 and 10, got text");
        assertThatThrownBy(() -> in.number("port", 1, 65535)).hasMessage("SQL input \"port\" must be between 1 and 65535");
        assertThatThrownBy(() -> in.bool("ssl", false)).hasMessage("SQL input \"ssl\" must be true or false, got text");
    }

    @Test
    void numbersAndBooleansAreAcceptedAsText() {
        TaskInputs in = TaskInputs.of("X", Map.of("n", "30", "b", "TRUE", "d", 5.0), new Masker());
        assertThat(in.number("n", 1, 100)).contains(30L);
        assertThat(in.number("d", 1, 100)).contains(5L);
        assertThat(in.bool("b", false)).isTrue();
        assertThatThrownBy(() -> in.number("n", 40, 100)).hasMessageContaining("between 40 and 100");
    }

    @Test
    void contextLogMasksEveryLineAndChecksCancellationAndDeadline() {
        Masker masker = new Masker();
        masker.register("the-password");
        List<String> lines = new ArrayList<>();
        AtomicBoolean cancelled = new AtomicBoolean();
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        TaskContext context = TaskContext.builder(masker).log(lines::add).cancelled(cancelled::get)
                .deadline(now.plusSeconds(10)).clock(Clock.fixed(now, ZoneOffset.UTC)).build();
        context.log("connecting with the-password");
        assertThat(lines).containsExactly("connecting with ****");
        context.checkActive();
        assertThat(context.timeLeft(java.time.Duration.ofSeconds(60))).hasSeconds(10);
        cancelled.set(true);
        assertThatThrownBy(context::checkActive).isInstanceOf(TaskException.class)
                .extracting(e -> ((TaskException) e).kind()).isEqualTo(TaskException.Kind.CANCELLED);
        TaskContext late = TaskContext.builder(masker).deadline(now.minusSeconds(1)).clock(Clock.fixed(now, ZoneOffset.UTC)).build();
        assertThatThrownBy(late::checkActive).extracting(e -> ((TaskException) e).kind()).isEqualTo(TaskException.Kind.TIMEOUT);
    }
}
