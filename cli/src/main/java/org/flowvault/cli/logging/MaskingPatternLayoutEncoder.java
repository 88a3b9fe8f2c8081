package org.flowvault.cli.logging;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.pattern.PatternLayoutEncoderBase;
import org.flowvault.platform.masking.ProcessSecrets;

/**
 * Logback's pattern encoder, with every formatted line passed through
 * {@link ProcessSecrets#global()} and {@link KnownSecrets} before it is written: the message and its arguments, MDC values,
 * logger and thread names, and a logged exception's stack trace with the message of every cause —
 * whatever the pattern holds. A secret that any run on this node has registered is written as
 * {@code ****} in every form its masker matches (any case, {@code -}/{@code _} swapped, hex,
 * base64, URL-encoded, JSON-escaped), and so is the process's own master key, root token and
 * database password. {@link MaskingJsonEncoder} writes the same lines as JSON.
 *
 * <pre>{@code
 * <appender name="STDERR" class="ch.qos.logback.core.ConsoleAppender">
 *   <encoder class="org.flowvault.cli.logging.MaskingPatternLayoutEncoder">
 *     <pattern>%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n</pattern>
 *   </encoder>
 * </appender>
 * }</pre>
 *
 * <p>Use it for every appender of a Flowvault process; an appender with another encoder writes
 * unmasked lines. Masking happens on the appender's thread, one scan per live run's masker.
 */
public class MaskingPatternLayoutEncoder extends PatternLayoutEncoderBase<ILoggingEvent> {

    @Override
    public void start() {
        PatternLayout masking = new MaskingPatternLayout();
        masking.setContext(context);
        masking.setPattern(getPattern());
        masking.setOutputPatternAsHeader(outputPatternAsHeader);
        masking.start();
        this.layout = masking;
        super.start();
    }

    /** A pattern layout whose output is masked as a whole (the pattern's %ex stack trace included). */
    static final class MaskingPatternLayout extends PatternLayout {
        @Override
        public String doLayout(ILoggingEvent event) {
            return KnownSecrets.mask(super.doLayout(event));
        }
    }
}
