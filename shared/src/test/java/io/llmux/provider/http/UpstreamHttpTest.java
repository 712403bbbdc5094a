package io.llmux.provider.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmux.provider.ProviderSettings;
import io.llmux.testing.FakeOpenAiServer;
import io.llmux.testing.FakeReply;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * UpstreamHttp on its own (a client with its own event loops, as a hand-built provider has), against
 * the fake provider: whole and streamed answers, keep-alive, each timeout, a refused connection, and
 * that giving up on a call closes the provider's connection rather than waiting for or draining it.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UpstreamHttpTest {

    /** Short, yet far above a loopback answer on a busy machine, the first one (class loading) included. */
    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final Map<String, String> HEADERS = Map.of("Authorization", "Bearer sk-upstream-test");
    private static final byte[] CHAT = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] STREAMED_CHAT = "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
            .getBytes(StandardCharsets.UTF_8);

    private final FakeOpenAiServer fake = FakeOpenAiServer.start();
    private final UpstreamHttp http = UpstreamHttp.standalone(settings(fake.baseUrl()));
    private final URI chat = URI.create(fake.baseUrl() + "/chat/completions");

    @AfterEach
    void stop() {
        http.close();
        fake.close();
    }

    private static ProviderSettings settings(String baseUrl) {
        return new ProviderSettings("openai", "sk-upstream-test", baseUrl, List.of(), List.of(),
                TIMEOUT, TIMEOUT, TIMEOUT, TIMEOUT);
    }

    @Test
    void wholeAnswerArrivesWithStatusHeadersAndBody() throws Exception {
        UpstreamResponse.Whole answer = http.post(chat, HEADERS, CHAT).get();

        assertEquals(200, answer.status());
        assertTrue(answer.headers().get("Content-Type").startsWith("application/json"));
        assertTrue(new String(answer.body(), StandardCharsets.UTF_8).contains("Hello from the fake provider."));
        assertEquals("sk-upstream-test", fake.lastRequest().bearerKey());
        assertEquals("application/json", fake.lastRequest().header("Content-Type").orElse(null));
    }

    @Test
    void connectionsAreKeptAliveAndReused() throws Exception {
        int calls = 20;
        for (int i = 0; i < calls; i++) {
            assertEquals(200, http.post(chat, HEADERS, CHAT).get().status());
        }
        // Each event loop keeps its own connections, so a caller outside the loops may open one per loop.
        assertTrue(fake.connectionsAccepted() < calls / 2, fake.connectionsAccepted() + " connections for " + calls + " calls");
    }

    @Test
    void errorStatusIsAnAnswerNotAFailure() throws Exception {
        fake.respondWith(FakeReply.rateLimited(7));

        UpstreamResponse streamed = http.stream(chat, HEADERS, STREAMED_CHAT).get();
        UpstreamResponse.Whole whole = http.post(chat, HEADERS, CHAT).get();

        UpstreamResponse.Whole streamedWhole = assertInstanceOf(UpstreamResponse.Whole.class, streamed,
                "an error status is read whole even on a streamed call");
        assertEquals(429, streamedWhole.status());
        assertEquals("7", streamedWhole.headers().get("Retry-After"));
        assertTrue(new String(streamedWhole.body(), StandardCharsets.UTF_8).contains("rate_limit_exceeded"));
        assertEquals(429, whole.status());
    }

    @Test
    void streamedAnswerArrivesInChunksAndEnds() throws Exception {
        fake.respondWith(FakeReply.text("one two three"));

        UpstreamResponse.Streaming stream = assertInstanceOf(UpstreamResponse.Streaming.class,
                http.stream(chat, HEADERS, STREAMED_CHAT).get());
        String body = String.join("", stream.body().map(bytes -> new String(bytes, StandardCharsets.UTF_8))
                .collectList().block(Duration.ofSeconds(10)));

        assertEquals(200, stream.status());
        assertTrue(body.contains("three") && body.endsWith("data: [DONE]\n\n"), body);
    }

    @Test
    void silenceBeforeTheFirstByteIsAFirstByteTimeout() {
        fake.respondWith(FakeReply.slowFirstByte(Duration.ofSeconds(20)));

        assertEquals(UpstreamFailure.Kind.FIRST_BYTE_TIMEOUT, failure(http.stream(chat, HEADERS, STREAMED_CHAT)).kind());
        assertEquals(UpstreamFailure.Kind.TOTAL_TIMEOUT, failure(http.post(chat, HEADERS, CHAT)).kind());
        awaitTrue(() -> fake.abandonedCalls() == 2, "both timed-out calls closed their connections");
    }

    @Test
    void silenceInsideAStreamIsAnIdleTimeoutAfterTheChunksThatArrived() throws Exception {
        fake.respondWith(FakeReply.stallAfter(2, Duration.ofSeconds(20)));

        UpstreamResponse.Streaming stream = assertInstanceOf(UpstreamResponse.Streaming.class,
                http.stream(chat, HEADERS, STREAMED_CHAT).get());
        StringBuilder received = new StringBuilder();
        Throwable end = assertThrows(RuntimeException.class, () -> stream.body()
                .doOnNext(bytes -> received.append(new String(bytes, StandardCharsets.UTF_8)))
                .blockLast(Duration.ofSeconds(10)));

        assertEquals(UpstreamFailure.Kind.IDLE_TIMEOUT, assertInstanceOf(UpstreamFailure.class, end).kind());
        assertEquals(TIMEOUT, ((UpstreamFailure) end).timeout());
        assertTrue(received.toString().contains("quick"), received.toString());
        awaitTrue(() -> fake.abandonedCalls() == 1, "the stalled stream's connection was closed");
    }

    @Test
    void cancellingAPendingCallClosesItsConnection() {
        fake.respondWith(FakeReply.slowFirstByte(Duration.ofSeconds(20)));

        CompletableFuture<UpstreamResponse.Whole> call = http.post(chat, HEADERS, CHAT);
        awaitTrue(() -> fake.requests().size() == 1, "the call reached the provider");
        call.cancel(true);

        awaitTrue(() -> fake.abandonedCalls() == 1, "the provider saw its connection close");
    }

    @Test
    void cancellingAStreamMidwayClosesItsConnectionInsteadOfDrainingIt() throws Exception {
        fake.respondWith(FakeReply.stallAfter(2, Duration.ofSeconds(20)));

        UpstreamResponse.Streaming stream = assertInstanceOf(UpstreamResponse.Streaming.class,
                http.stream(chat, HEADERS, STREAMED_CHAT).get());
        stream.body().take(1).blockLast(Duration.ofSeconds(10));

        awaitTrue(() -> fake.abandonedCalls() == 1, "the provider saw its connection close");
    }

    @Test
    void aRefusedConnectionIsAConnectFailure() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String base = "http://127.0.0.1:" + closedPort + "/v1";
        try (UpstreamHttp nowhere = UpstreamHttp.standalone(settings(base))) {
            assertEquals(UpstreamFailure.Kind.CONNECT,
                    failure(nowhere.post(URI.create(base + "/chat/completions"), HEADERS, CHAT)).kind());
        }
    }

    private static UpstreamFailure failure(CompletableFuture<?> call) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> call.get(10, TimeUnit.SECONDS));
        return assertInstanceOf(UpstreamFailure.class, e.getCause());
    }

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
