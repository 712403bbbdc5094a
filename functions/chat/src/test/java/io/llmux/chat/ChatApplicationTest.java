package io.llmux.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The streaming function's entry point, as run.sh starts it behind the Lambda Web Adapter. */
class ChatApplicationTest {

    @Test
    void startsAServerThatAnswersTheReadinessCheckAndPrintsNoBanner() throws Exception {
        // Logging first: logback's own start-up status lines would otherwise land in the capture.
        LoggerFactory.getILoggerFactory();
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        ApplicationContext context;
        try {
            context = ChatApplication.start("--micronaut.server.port=-1", "--micronaut.server.host=127.0.0.1");
        } finally {
            System.setOut(stdout);
        }
        try (context) {
            // Micronaut prints its banner straight to System.out; the JSON log lines go through
            // logback's console appender, which holds the stream it was configured with.
            String text = printed.toString(StandardCharsets.UTF_8);
            assertTrue(text.lines().allMatch(line -> line.isBlank() || line.startsWith("{")), "non-JSON on stdout: " + text);

            URI health = context.getBean(EmbeddedServer.class).getURI().resolve("/health");
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), answer.body());
        }
    }
}
