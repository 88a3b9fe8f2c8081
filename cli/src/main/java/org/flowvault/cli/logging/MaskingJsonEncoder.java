package org.flowvault.cli.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;

/**
 * Structured logs: one JSON object per line, for log shippers —
 * {@code {"ts", "level", "logger", "thread", "message", "run", "request", "mdc", "exception"}}
 * ({@code run} and {@code request} are the ids of the run or API request the line belongs to,
 * when there is one; {@code mdc} holds any other context; {@code exception} the stack trace).
 *
 * <p>Every text field is masked exactly as {@link MaskingPatternLayoutEncoder} masks a line (the
 * secrets of the runs on this node and of the process) before it is JSON-encoded, so a masked
 * value never breaks the line's JSON.
 *
 * <pre>{@code
 * <encoder class="org.flowvault.cli.logging.MaskingJsonEncoder"/>
 * }</pre>
 */
public class MaskingJsonEncoder extends EncoderBase<ILoggingEvent> {
    private static final JsonFactory JSON = new JsonFactory();
    private static final byte[] NOTHING = new byte[0];
    static final String RUN = "run";
    static final String REQUEST = "request";

    @Override
    public byte[] headerBytes() {
        return NOTHING;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("ts", Instant.ofEpochMilli(event.getTimeStamp()).toString());
            g.writeStringField("level", event.getLevel().toString());
            g.writeStringField("logger", KnownSecrets.mask(event.getLoggerName()));
            g.writeStringField("thread", KnownSecrets.mask(event.getThreadName()));
            g.writeStringField("message", KnownSecrets.mask(event.getFormattedMessage()));
            Map<String, String> mdc = event.getMDCPropertyMap();
            if (mdc != null && !mdc.isEmpty()) {
                writeIfPresent(g, RUN, mdc.get(RUN));
                writeIfPresent(g, REQUEST, mdc.get(REQUEST));
                boolean others = false;
                for (Map.Entry<String, String> e : mdc.entrySet()) {
                    if (e.getKey().equals(RUN) || e.getKey().equals(REQUEST)) {
                        continue;
                    }
                    if (!others) {
                        g.writeObjectFieldStart("mdc");
                        others = true;
                    }
                    g.writeStringField(KnownSecrets.mask(e.getKey()), KnownSecrets.mask(e.getValue()));
                }
                if (others) {
                    g.writeEndObject();
                }
            }
            IThrowableProxy thrown = event.getThrowableProxy();
            if (thrown != null) {
                g.writeStringField("exception", KnownSecrets.mask(ThrowableProxyUtil.asString(thrown)));
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a log line as JSON", e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    private static void writeIfPresent(JsonGenerator g, String field, String value) throws IOException {
        if (value != null) {
            g.writeStringField(field, KnownSecrets.mask(value));
        }
    }

    @Override
    public byte[] footerBytes() {
        return NOTHING;
    }

    @Override
    public String toString() {
        return "MaskingJsonEncoder";
    }
}
