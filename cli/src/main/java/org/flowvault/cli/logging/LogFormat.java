package org.flowvault.cli.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import org.slf4j.LoggerFactory;

/**
 * How the process writes its log lines to standard error: {@code text} (the shipped pattern) or
 * {@code json} (one object per line, {@link MaskingJsonEncoder}); masked either way.
 */
public enum LogFormat {
    text, json;

    /** The appender of the shipped {@code logback.xml}. */
    static final String APPENDER = "STDERR";

    /**
     * Switches the shipped appender to this format. Does nothing for {@code text}, or when Logback
     * was configured without that appender (an operator's own {@code logback.xml} wins).
     */
    public void apply() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            applyTo(context);
        }
    }

    void applyTo(LoggerContext context) {
        if (this == text) {
            return;
        }
        Appender<ILoggingEvent> appender = context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(APPENDER);
        if (appender instanceof OutputStreamAppender<ILoggingEvent> stream && !(stream.getEncoder() instanceof MaskingJsonEncoder)) {
            Encoder<ILoggingEvent> encoder = new MaskingJsonEncoder();
            encoder.setContext(context);
            encoder.start();
            stream.stop();
            stream.setEncoder(encoder);
            stream.start();
        }
    }
}
