package io.llmux.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmux.chat.testing.FakeUpstreamGateway;
import io.llmux.chat.testing.GatewayServer;
import io.llmux.pipeline.UsageRecord;
import io.llmux.testing.FakeReply;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * When the client goes away, the provider call is cancelled: the provider stops generating (and
 * billing) and the gateway stops waiting. The gateway's own timeouts are 30 s here, so anything
 * the fake sees sooner was caused by the client leaving.
 */
@Timeout(30)
class ClientDisconnectTest {

    private static final String KEY = "sk-fake-disconnect-key";
    private static FakeUpstreamGateway upstream;

    @BeforeAll
    static void start() {
        upstream = FakeUpstreamGateway.start(KEY, "30s");
    }

    @AfterAll
    static void stop() {
        upstream.close();
    }

    @BeforeEach
    void resetFake() {
        upstream.fake().reset();
        upstream.meter().clear();
    }

    private static HttpRequest.Builder chat(boolean stream) {
        String body = "{\"model\":\"openai/gpt-4o-mini\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        return HttpRequest.newBuilder(URI.create(upstream.gateway().baseUrl() + "/chat/completions"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + GatewayServer.API_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    @Test
    void aClientThatGivesUpOnAWholeAnswerCancelsTheProviderCall() {
        upstream.fake().respondWith(FakeReply.slowFirstByte(Duration.ofSeconds(20)));
        int before = upstream.fake().abandonedCalls();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        assertThrows(HttpTimeoutException.class,
                () -> client.send(chat(false).timeout(Duration.ofMillis(500)).build(), HttpResponse.BodyHandlers.ofString()));
        awaitTrue(() -> upstream.fake().abandonedCalls() == before + 1, "the provider connection was closed");
        assertTrue(upstream.meter().all().isEmpty(), "nothing was produced, nothing is metered");
    }

    @Test
    void aClientThatLeavesMidStreamCancelsTheProviderCallAndIsMeteredForWhatItGot() throws Exception {
        upstream.fake().respondWith(FakeReply.stallAfter(3, Duration.ofSeconds(20)));
        int before = upstream.fake().abandonedCalls();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<InputStream> response = client.send(chat(true).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        try (InputStream body = response.body()) {
            byte[] first = new byte[16];
            assertTrue(body.read(first) > 0, "the stream had started");
        }
        awaitTrue(() -> upstream.fake().abandonedCalls() == before + 1, "the provider connection was closed");
        awaitTrue(() -> upstream.meter().all().size() == 1, "the stream was settled");
        List<UsageRecord> records = upstream.meter().all();
        assertEquals(UsageRecord.Outcome.CANCELLED, records.getFirst().outcome());
        assertTrue(records.getFirst().usage().completionTokens() > 0, "what was streamed is metered");
    }

    /** Waits for something another thread does, up to a deadline far beyond its normal time. */
    private static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not true within 10 s: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
