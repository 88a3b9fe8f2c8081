package org.flowvault.cli.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.flowvault.platform.masking.Masker;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * The process's own log lines, written by a real Logback logger through the encoder, show no
 * secret that a live run's masker knows — in the message, its arguments, the MDC, or a logged
 * exception's stack trace and causes — and the shipped {@code logback.xml} uses the encoder.
 */
class MaskingPatternLayoutEncoderTest {
    /** A run's masker; it must stay reachable for the secret to stay masked, as a running run's does. */
    private final Masker run = new Masker();
    private final String secret = "Log-Secret-" + UUID.randomUUID();

    @Test
    void aSecretIsMaskedInTheMessageArgumentsMdcAndEveryCauseOfAStackTrace() {
        run.register(secret);
        LoggerContext context = freshContext();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        MaskingPatternLayoutEncoder encoder = new MaskingPatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%level %logger [%X{detail}] %msg%n");
        encoder.start();
        appender.setEncoder(encoder);
        appender.setOutputStream(out);
        appender.start();
        Logger logger = context.getLogger("org.flowvault.test");
        logger.setLevel(Level.TRACE);
        logger.addAppender(appender);

        logger.trace("connecting with {}", secret);
        logger.info("driver said: invalid value \"" + secret.toUpperCase(Locale.ROOT).replace('-', '_') + "\"");
        MDC.put("detail", "Basic " + base64("svc:" + secret));
        try {
            logger.warn("hex {} url {}", HexFormat.of().formatHex(bytes(secret)), URLEncoder.encode(secret, StandardCharsets.UTF_8));
        } finally {
            MDC.remove("detail");
        }
        logger.error("request failed", new IllegalStateException("wrapped: " + secret.toLowerCase(Locale.ROOT),
                new IllegalArgumentException("root cause quotes " + secret)));
        context.stop();

        String written = out.toString(StandardCharsets.UTF_8);
        assertThat(written).contains("connecting with ****", "invalid value \"****\"", "hex **** url ****",
                "IllegalStateException: wrapped: ****", "Caused by: java.lang.IllegalArgumentException: root cause quotes ****",
                "\tat org.flowvault.cli.logging.MaskingPatternLayoutEncoderTest");
        assertNoForm(written);
    }

    @Test
    void theShippedConfigurationMasksWhatTheProcessWritesToStandardError() throws Exception {
        run.register(secret);
        LoggerContext context = freshContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(MaskingPatternLayoutEncoderTest.class.getResource("/logback.xml"));
        Appender<ILoggingEvent> stderr = context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR");
        assertThat(stderr).isInstanceOf(ConsoleAppender.class);
        assertThat(((ConsoleAppender<ILoggingEvent>) stderr).getEncoder()).isInstanceOf(MaskingPatternLayoutEncoder.class);

        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            context.getLogger("org.flowvault.platform.execution.Workers")
                    .warn("run could not be marked failed: " + secret.toUpperCase(Locale.ROOT), new RuntimeException(base64(secret)));
        } finally {
            System.setErr(original);
            context.stop();
        }

        String written = captured.toString(StandardCharsets.UTF_8);
        assertThat(written).contains("run could not be marked failed: ****", "RuntimeException: ****");
        assertNoForm(written);
    }

    /** A logger context of its own (the test JVM's is left alone), sharing the JVM's MDC. */
    private static LoggerContext freshContext() {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(MDC.getMDCAdapter());
        return context;
    }

    private void assertNoForm(String written) {
        for (String v : List.of(secret, secret.toUpperCase(Locale.ROOT), secret.toLowerCase(Locale.ROOT),
                secret.replace('-', '_'), secret.toUpperCase(Locale.ROOT).replace('-', '_'))) {
            for (String form : List.of(v, base64(v), HexFormat.of().formatHex(bytes(v)), URLEncoder.encode(v, StandardCharsets.UTF_8))) {
                assertThat(written).as("log output shows %s", form).doesNotContainIgnoringCase(form);
            }
        }
        assertThat(written).doesNotContain(base64("svc:" + secret));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(bytes(s));
    }
}
