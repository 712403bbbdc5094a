package io.llmux.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import io.micronaut.context.ApplicationContext;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The secrets contract (docs/deploy.md, "Secrets") end to end: a real ApplicationContext reads the
 * secrets named by the ARN list from a fake Secrets Manager through the AWS SDK, with the dummy
 * credentials surefire sets. The environment variable LLMUX_SECRETS_TEST_PRECEDENCE is set by
 * surefire (shared/pom.xml), so "beats environment variables" is checked against a real one.
 */
class SecretsPropertySourceTest {

    private static final String HASH_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:llmux/test/key-hash-secret-AbCdEf";
    private static final String OPENAI_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:llmux/test/providers/openai-GhIjKl";
    private static final String ANTHROPIC_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:llmux/test/providers/anthropic-MnOpQr";
    private static final String MISSING_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:llmux/test/admin-token-StUvWx";
    private static final String HASH_VALUE = "hashsecretvalue0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKL";
    private static final String OPENAI_KEY = "sk-openai-from-secrets-manager-5f2b9c";
    private static final String PRECEDENCE = "llmux.secrets.test.precedence";

    private FakeSecretsManager secretsManager;
    private ListAppender<ILoggingEvent> logs;
    private Level rootLevel;
    private List<Appender<ILoggingEvent>> consoleAppenders;

    @BeforeEach
    void start() throws Exception {
        secretsManager = FakeSecretsManager.start()
                .put(HASH_ARN, "{\"llmux.key-hash-secret\":\"" + HASH_VALUE + "\",\"" + PRECEDENCE + "\":\"from-secret\"}")
                .put(OPENAI_ARN, "{\"llmux.providers.openai.api-key\":\"" + OPENAI_KEY + "\"}")
                .put(ANTHROPIC_ARN, "{\"llmux.providers.anthropic.api-key\":\"\",\"" + PRECEDENCE + "\":\"\"}");
        System.setProperty(SecretsPropertySourceLoader.ENDPOINT_SYSTEM_PROPERTY, secretsManager.endpoint());
        Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        rootLevel = root.getLevel();
        // Everything down to DEBUG is captured (the SDK's and Micronaut's own logs included), but kept off the console.
        consoleAppenders = new ArrayList<>();
        root.iteratorForAppenders().forEachRemaining(consoleAppenders::add);
        consoleAppenders.forEach(root::detachAppender);
        root.setLevel(Level.DEBUG);
        logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void stop() {
        System.clearProperty(SecretsPropertySourceLoader.ARNS_SYSTEM_PROPERTY);
        System.clearProperty(SecretsPropertySourceLoader.ENDPOINT_SYSTEM_PROPERTY);
        Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAppender(logs);
        root.setLevel(rootLevel);
        consoleAppenders.forEach(root::addAppender);
        secretsManager.close();
    }

    @Test
    void withoutTheArnListNothingIsReadAndTheEnvironmentVariableApplies() {
        try (ApplicationContext context = ApplicationContext.run()) {
            assertEquals("from-environment", context.getProperty(PRECEDENCE, String.class).orElseThrow());
            assertFalse(context.containsProperty("llmux.key-hash-secret"));
        }
        assertEquals(List.of(), secretsManager.requestedIds());
    }

    @Test
    void secretValuesBecomePropertiesAndBeatEnvironmentVariables() {
        System.setProperty(SecretsPropertySourceLoader.ARNS_SYSTEM_PROPERTY, " " + HASH_ARN + " , " + OPENAI_ARN + ",");
        try (ApplicationContext context = ApplicationContext.run()) {
            assertEquals(HASH_VALUE, context.getProperty("llmux.key-hash-secret", String.class).orElseThrow());
            assertEquals(OPENAI_KEY, context.getProperty("llmux.providers.openai.api-key", String.class).orElseThrow());
            assertEquals("from-secret", context.getProperty(PRECEDENCE, String.class).orElseThrow());
        }
        assertEquals(List.of(HASH_ARN, OPENAI_ARN), secretsManager.requestedIds(), "each secret read once");
        String logged = loggedText();
        assertTrue(logged.contains("Read configuration from Secrets Manager"), "the capture works: " + logged);
        assertTrue(logged.contains("llmux.providers.openai.api-key"), "property names are logged, values are not");
        assertNoSecretValueIn(logged);
    }

    @Test
    void emptyValuesAreSkipped() {
        System.setProperty(SecretsPropertySourceLoader.ARNS_SYSTEM_PROPERTY, ANTHROPIC_ARN);
        try (ApplicationContext context = ApplicationContext.run()) {
            assertFalse(context.containsProperty("llmux.providers.anthropic.api-key"),
                    "an unset provider key leaves the provider unconfigured");
            assertEquals("from-environment", context.getProperty(PRECEDENCE, String.class).orElseThrow(),
                    "an empty secret value does not blank out the environment's");
        }
    }

    @Test
    void anUnreadableSecretFailsStartupNamingTheArnButNoValue() {
        System.setProperty(SecretsPropertySourceLoader.ARNS_SYSTEM_PROPERTY, HASH_ARN + "," + MISSING_ARN);
        RuntimeException failure = assertThrows(RuntimeException.class, ApplicationContext::run);
        String trace = stackTrace(failure);
        assertTrue(trace.contains("Cannot read secret " + MISSING_ARN), trace);
        assertTrue(trace.contains("ResourceNotFoundException") || trace.contains("can't find the specified secret"), trace);
        assertNoSecretValueIn(trace);
        assertNoSecretValueIn(loggedText());
    }

    @Test
    void aSecretThatIsNotAJsonObjectFailsStartupWithoutQuotingIt() {
        String notJson = "llmux.admin-token=" + OPENAI_KEY;
        secretsManager.put(MISSING_ARN, notJson);
        System.setProperty(SecretsPropertySourceLoader.ARNS_SYSTEM_PROPERTY, MISSING_ARN);
        RuntimeException failure = assertThrows(RuntimeException.class, ApplicationContext::run);
        String trace = stackTrace(failure);
        assertTrue(trace.contains(MISSING_ARN + " (LLMUX_SECRET_ARNS) is not a JSON object"), trace);
        assertNoSecretValueIn(trace);
    }

    private String loggedText() {
        // AppenderBase.doAppend holds the appender's monitor while it adds to the list; SDK and Netty
        // threads may still be logging, so copy under the same monitor instead of iterating the live list.
        List<ILoggingEvent> snapshot;
        synchronized (logs) {
            snapshot = List.copyOf(logs.list);
        }
        return snapshot.stream()
                .map(event -> event.getFormattedMessage() + " " + event.getKeyValuePairs()
                        + (event.getThrowableProxy() == null ? "" : " " + event.getThrowableProxy().getMessage()))
                .collect(Collectors.joining("\n"));
    }

    private static void assertNoSecretValueIn(String text) {
        assertFalse(text.contains(HASH_VALUE), "the key-hash secret leaked");
        assertFalse(text.contains(OPENAI_KEY), "the provider key leaked");
    }

    private static String stackTrace(Throwable failure) {
        StringWriter out = new StringWriter();
        failure.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
