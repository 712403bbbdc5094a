package io.llmux.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The logging of every LLMux process (each function, the local server): one JSON object per line
 * on standard output (CloudWatch Logs Insights and every log shipper parse it), root level from
 * {@code LLMUX_LOG_LEVEL} (default INFO), Micronaut and Netty at WARN (Micronaut's TRACE output
 * prints resolved settings, secrets included). Log lines carry ids, models, token counts and
 * outcomes: never a key, never a prompt.
 *
 * <p>Written in Java rather than as a logback.xml because reading XML costs a cold start about 470
 * classes (logback's Joran configurator and the JDK's XML parser) and 100 to 150 ms before the
 * first line is logged (docs/lambda.md, "Cold start"). logback finds this class through
 * {@code META-INF/services/ch.qos.logback.classic.spi.Configurator}. A test class path with a
 * {@code logback-test.xml}, or {@code -Dlogback.configurationFile}, still wins: this configurator
 * then steps aside for logback's own.
 */
public final class JsonConsoleLogging extends ContextAwareBase implements Configurator {

    static final String LEVEL_VARIABLE = "LLMUX_LOG_LEVEL";
    static final String APPENDER = "JSON";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (anotherConfigurationIsAsked()) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        apply(context, System.getenv(LEVEL_VARIABLE));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    static boolean anotherConfigurationIsAsked() {
        return System.getProperty("logback.configurationFile") != null
                || JsonConsoleLogging.class.getClassLoader().getResource("logback-test.xml") != null;
    }

    /** Sets up {@code context} with the JSON console appender, the root at {@code level} (an LLMUX_LOG_LEVEL value). */
    public static void apply(LoggerContext context, String level) {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.setWithFormattedMessage(true);
        encoder.setWithMessage(false);
        encoder.setWithArguments(false);
        encoder.setWithContext(false);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.start();

        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName(APPENDER);
        console.setEncoder(encoder);
        console.start();

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(rootLevel(level));
        root.addAppender(console);
        context.getLogger("io.micronaut").setLevel(Level.WARN);
        context.getLogger("io.netty").setLevel(Level.WARN);
    }

    /** The level {@code LLMUX_LOG_LEVEL} names (any case), INFO when it is unset or not a level. */
    static Level rootLevel(String setting) {
        return setting == null || setting.isBlank() ? Level.INFO : Level.toLevel(setting.trim(), Level.INFO);
    }
}
