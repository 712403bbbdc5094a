package io.llmux.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.joran.spi.JoranException;
import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.logging.JsonConsoleLogging;
import io.llmux.testing.RawHttp;
import io.llmux.server.testing.LocalGateway;
import io.llmux.tenancy.KeyHasher;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Key material never reaches a log: all log output of a full flow, under the product's own
 * logging configuration (JsonConsoleLogging) at its most verbose ({@code LLMUX_LOG_LEVEL=TRACE}), holds neither a key nor its
 * hash (nor the admin token). That configuration keeps io.micronaut at WARN, which matters:
 * Micronaut's own TRACE output prints resolved configuration values, secrets included.
 */
class KeySecrecyTest {

    /** Everything logged, rendered as a log line would be: message, key-value pairs, stack traces. */
    private static final class Capture extends AppenderBase<ILoggingEvent> {

        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        protected void append(ILoggingEvent event) {
            StringBuilder line = new StringBuilder(event.getLoggerName()).append(' ').append(event.getFormattedMessage());
            if (event.getKeyValuePairs() != null) {
                event.getKeyValuePairs().forEach(pair -> line.append(' ').append(pair.key).append('=').append(pair.value));
            }
            if (event.getMDCPropertyMap() != null) {
                line.append(' ').append(event.getMDCPropertyMap());
            }
            if (event.getThrowableProxy() != null) {
                line.append(' ').append(ThrowableProxyUtil.asString(event.getThrowableProxy()));
            }
            lines.add(line.toString());
        }
    }

    @Test
    void aFullFlowLogsNoKeyMaterial() {
        LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
        logging.reset();
        JsonConsoleLogging.apply(logging, "TRACE");
        Logger root = logging.getLogger(Logger.ROOT_LOGGER_NAME);
        assertEquals(Level.TRACE, root.getLevel(), "the product's logging at LLMUX_LOG_LEVEL=TRACE");
        // Captured, not printed: the same events the JSON console appender would write.
        root.detachAppender("JSON");
        Capture capture = new Capture();
        capture.setContext(logging);
        capture.start();
        root.addAppender(capture);
        List<String> secrets = new ArrayList<>();
        KeyHasher hasher;
        try (LocalGateway gateway = LocalGateway.start()) {
            hasher = gateway.context().getBean(KeyHasher.class);
            RawHttp admin = gateway.admin();
            String tenant = admin.post("/api/tenants", "{\"name\":\"secrecy\"}").json().path("id").asText();
            JsonNode key = admin.post("/api/tenants/" + tenant + "/keys", "{\"name\":\"logged?\"}").json();
            String secret = key.path("secret").asText();
            secrets.add(secret);
            assertEquals(200, gateway.tenant(secret).chat("Hello").status());
            RawHttp.Response stream = gateway.tenant(secret).post("/v1/chat/completions",
                    "{\"model\":\"mock-chat\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
            assertEquals(200, stream.status(), stream::toString);

            JsonNode rotated = admin.post("/api/tenants/" + tenant + "/keys/" + key.path("id").asText() + "/rotate", "{\"grace_period_seconds\":0}").json();
            String fresh = rotated.path("secret").asText();
            secrets.add(fresh);
            assertEquals(401, gateway.tenant(secret).chat("old key").status());
            assertEquals(200, gateway.tenant(fresh).chat("new key").status());
            assertEquals(200, admin.delete("/api/tenants/" + tenant + "/keys/" + rotated.path("id").asText()).status());
            assertEquals(401, gateway.tenant(fresh).chat("revoked").status());
            assertEquals(401, gateway.tenant(secret + "x").chat("guessed").status());
            assertEquals(401, gateway.as("Bearer wrong-admin-token").get("/api/tenants").status());
        } finally {
            restoreTestLogging(logging);
        }

        assertTrue(capture.lines.size() > 10, "the capture saw the flow's logs: " + capture.lines.size());
        assertTrue(capture.lines.stream().anyMatch(line -> line.contains("key_created")), "events are logged");
        List<String> forbidden = new ArrayList<>();
        for (String secret : secrets) {
            forbidden.add(secret);
            forbidden.add(secret.substring("llmux-sk-".length()));
            forbidden.add(hasher.hash(secret));
            forbidden.add(hasher.hash(secret + "x"));
        }
        forbidden.add(LocalGateway.ADMIN_TOKEN);
        forbidden.add(LocalGateway.DEV_KEY);
        for (String line : capture.lines) {
            for (String material : forbidden) {
                assertFalse(line.contains(material), () -> "a log line holds key material: " + line);
            }
        }
    }

    private static void restoreTestLogging(LoggerContext logging) {
        logging.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(logging);
        try {
            configurator.doConfigure(KeySecrecyTest.class.getResource("/logback-test.xml"));
        } catch (JoranException e) {
            throw new IllegalStateException("Cannot load logback-test.xml", e);
        }
    }
}
