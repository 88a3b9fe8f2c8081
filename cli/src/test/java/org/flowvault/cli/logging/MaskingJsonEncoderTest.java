package org.flowvault.cli.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.flowvault.platform.masking.Masker;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * {@code --log-format=json}: every line a real Logback logger writes through the encoder is one
 * JSON object carrying the run and request ids, and no field shows a secret of a live run or of the
 * process (master key, root token) — also when the secret sits in the MDC, an exception, or would
 * need JSON escaping.
 */
class MaskingJsonEncoderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Masker run = new Masker();
    private final String runSecret = "Run-Secret-" + UUID.randomUUID() + "\"\\";
    private final String rootToken = "hvs." + UUID.randomUUID().toString().replace("-", "");
    private final String masterKey = Base64.getEncoder().encodeToString(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));

    @Test
    void everyLineIsOneJsonObjectWithRunAndRequestIdsAndNoSecret() throws Exception {
        run.register(runSecret);
        KnownSecrets.register(rootToken);
        KnownSecrets.registerBase64Key(masterKey);
        LoggerContext context = freshContext();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Logger logger = logger(context, out);
        String runId = UUID.randomUUID().toString();
        String requestId = UUID.randomUUID().toString();

        MDC.put("run", runId);
        try {
            logger.info("run {} step sql: connecting with {}", runId, runSecret);
            logger.warn("driver said: \"" + runSecret.toUpperCase(Locale.ROOT) + "\"", new IllegalStateException("wrapped " + runSecret,
                    new IllegalArgumentException("root token " + rootToken)));
        } finally {
            MDC.remove("run");
        }
        MDC.put("request", requestId);
        MDC.put("detail", "Bearer " + rootToken);
        try {
            logger.info("GET /api/v1/me 200 1.0 ms user=alice");
            logger.error("key {} hex {}", masterKey, HexFormat.of().formatHex(Base64.getDecoder().decode(masterKey)));
        } finally {
            MDC.remove("request");
            MDC.remove("detail");
        }
        context.stop();

        String written = out.toString(StandardCharsets.UTF_8);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : written.split("\n")) {
            lines.add(JSON.readTree(line));
        }
        assertThat(lines).hasSize(4).allSatisfy(l -> {
            assertThat(l.isObject()).isTrue();
            assertThat(l.path("ts").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
            assertThat(l.path("logger").asText()).isEqualTo("org.flowvault.test");
            assertThat(l.has("level") && l.has("thread") && l.has("message")).isTrue();
        });
        assertThat(lines.get(0).path("run").asText()).isEqualTo(runId);
        assertThat(lines.get(0).path("message").asText()).isEqualTo("run " + runId + " step sql: connecting with ****");
        assertThat(lines.get(1).path("level").asText()).isEqualTo("WARN");
        assertThat(lines.get(1).path("exception").asText()).contains("IllegalStateException: wrapped ****",
                "Caused by: java.lang.IllegalArgumentException: root token ****");
        assertThat(lines.get(2).path("request").asText()).isEqualTo(requestId);
        assertThat(lines.get(2).has("run")).isFalse();
        assertThat(lines.get(2).path("mdc").path("detail").asText()).isEqualTo("Bearer ****");
        assertThat(lines.get(3).path("message").asText()).isEqualTo("key **** hex ****");
        for (String secret : List.of(runSecret, rootToken, masterKey)) {
            for (String form : forms(secret)) {
                assertThat(written).as("the JSON log shows a secret form").doesNotContainIgnoringCase(form);
            }
        }
    }

    @Test
    void theJsonFormatSwitchesTheShippedAppenderAndKeepsMasking() throws Exception {
        LoggerContext context = shippedContext();
        OutputStreamAppender<ILoggingEvent> stderr =
                (OutputStreamAppender<ILoggingEvent>) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(LogFormat.APPENDER);

        LogFormat.text.applyTo(context);
        assertThat(stderr.getEncoder()).isInstanceOf(MaskingPatternLayoutEncoder.class);
        LogFormat.json.applyTo(context);
        assertThat(stderr.getEncoder()).isInstanceOf(MaskingJsonEncoder.class);
        assertThat(stderr.isStarted()).isTrue();
        // access and run lines are written at the default level; other INFO lines are not
        assertThat(context.getLogger("org.flowvault.access").isInfoEnabled()).isTrue();
        assertThat(context.getLogger("org.flowvault.run").isInfoEnabled()).isTrue();
        assertThat(context.getLogger("org.flowvault.platform").isInfoEnabled()).isFalse();
        context.stop();
    }

    @Test
    void theShippedTextFormatEndsALineWithItsRunOrRequestIdOnlyWhenItHasOne() throws Exception {
        LoggerContext context = shippedContext();
        java.io.PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
        String runId = UUID.randomUUID().toString();
        try {
            Logger runs = context.getLogger("org.flowvault.run");
            MDC.put("run", runId);
            try {
                runs.info("run started");
            } finally {
                MDC.remove("run");
            }
            runs.info("no context");
        } finally {
            System.setErr(original);
            context.stop();
        }
        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
        StringBuilder why = new StringBuilder();
        context.getStatusManager().getCopyOfStatusList().stream().filter(st -> st.getThrowable() != null).forEach(st -> {
            java.io.StringWriter sw = new java.io.StringWriter();
            st.getThrowable().printStackTrace(new java.io.PrintWriter(sw));
            why.append(sw);
        });
        assertThat(lines).as("%s", why).hasSize(2);
        assertThat(lines.get(0)).endsWith(" - run started run=" + runId);
        assertThat(lines.get(1)).endsWith(" - no context");
    }

    private static Logger logger(LoggerContext context, ByteArrayOutputStream out) {
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        MaskingJsonEncoder encoder = new MaskingJsonEncoder();
        encoder.setContext(context);
        encoder.start();
        appender.setEncoder(encoder);
        appender.setOutputStream(out);
        appender.start();
        Logger logger = context.getLogger("org.flowvault.test");
        logger.setLevel(Level.TRACE);
        logger.addAppender(appender);
        return logger;
    }

    /** A fresh context configured by the shipped {@code logback.xml}. */
    private static LoggerContext shippedContext() throws Exception {
        LoggerContext context = freshContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(MaskingJsonEncoderTest.class.getResource("/logback.xml"));
        return context;
    }

    private static LoggerContext freshContext() {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(MDC.getMDCAdapter());
        return context;
    }

    private static List<String> forms(String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        return List.of(secret, Base64.getEncoder().encodeToString(bytes), HexFormat.of().formatHex(bytes),
                URLEncoder.encode(secret, StandardCharsets.UTF_8), secret.replace("\\", "\\\\").replace("\"", "\\\""));
    }
}
