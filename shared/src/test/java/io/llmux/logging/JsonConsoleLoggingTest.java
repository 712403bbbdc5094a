package io.llmux.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class JsonConsoleLoggingTest {

    @Test
    void logsOneJsonObjectPerLineWithTheFormattedMessageOnly() throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        JsonConsoleLogging.apply(context, null);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        var appender = assertInstanceOf(ConsoleAppender.class, root.getAppender(JsonConsoleLogging.APPENDER));
        var encoder = assertInstanceOf(JsonEncoder.class, appender.getEncoder());

        Logger usage = context.getLogger("llmux.usage");
        var event = new LoggingEvent(Logger.class.getName(), usage, Level.INFO, "usage of {}", null, new Object[] {"key_abc"});
        String line = new String(encoder.encode(event), StandardCharsets.UTF_8);

        assertTrue(line.endsWith("\n") && line.indexOf('\n') == line.length() - 1, line);
        JsonNode json = new ObjectMapper().readTree(line);
        assertEquals("usage of key_abc", json.path("formattedMessage").asText());
        assertEquals("llmux.usage", json.path("loggerName").asText());
        assertEquals("INFO", json.path("level").asText());
        assertFalse(json.has("message"), line);
        assertFalse(json.has("arguments"), line);
        assertFalse(json.has("context"), line);
    }

    @Test
    void rootLevelComesFromTheSettingAndMicronautAndNettyStayAtWarn() {
        LoggerContext context = new LoggerContext();
        JsonConsoleLogging.apply(context, "debug");
        assertEquals(Level.DEBUG, context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel());
        assertEquals(Level.WARN, context.getLogger("io.micronaut").getLevel());
        assertEquals(Level.WARN, context.getLogger("io.netty").getLevel());
        assertEquals(Level.WARN, context.getLogger("io.micronaut.context.env").getEffectiveLevel());
    }

    @Test
    void anUnsetOrUnknownLevelMeansInfo() {
        assertEquals(Level.INFO, JsonConsoleLogging.rootLevel(null));
        assertEquals(Level.INFO, JsonConsoleLogging.rootLevel(" "));
        assertEquals(Level.INFO, JsonConsoleLogging.rootLevel("chatty"));
        assertEquals(Level.ERROR, JsonConsoleLogging.rootLevel(" Error "));
    }

    @Test
    void logbackFindsItAndATestConfigurationStillWins() {
        Configurator found = ServiceLoader.load(Configurator.class).findFirst().orElseThrow();
        assertInstanceOf(JsonConsoleLogging.class, found);
        // This class path has a logback-test.xml: logback's own configurator must get to read it.
        LoggerContext context = new LoggerContext();
        assertEquals(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY, found.configure(context));
        assertTrue(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(JsonConsoleLogging.APPENDER) == null);
    }
}
