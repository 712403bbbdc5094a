package io.llmux.provider.bedrock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.error.ErrorType;
import io.llmux.error.GatewayException;
import io.llmux.openai.ChatRequestParser;
import io.llmux.provider.ChatCompletion;
import io.llmux.provider.ChatStream;
import io.llmux.provider.ProviderCall;
import io.llmux.provider.ProviderSettings;
import io.llmux.testing.FakeBedrockServer;
import io.llmux.testing.FakeReply;
import io.llmux.testing.OpenAiWireFormat;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The Bedrock adapter against the fake, through the real SDK client: every fault the fake can
 * play ends as the documented error, and timeouts and cancellation close the connection. The
 * surefire configuration of this module supplies the dummy credentials the SDK signs with.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BedrockProviderTest {

    private static final String MODEL = "us.anthropic.claude-haiku-4-5-20251001-v1:0";
    private static final Duration SHORT = Duration.ofMillis(400);
    private static final Duration TOTAL = Duration.ofSeconds(3);

    private FakeBedrockServer fake;
    private BedrockProvider provider;

    @BeforeAll
    void start() {
        fake = FakeBedrockServer.start();
        provider = provider(URI.create(fake.endpoint()));
        // The SDK's first calls load hundreds of classes (seconds on a busy CI machine): pay that
        // here, not inside the timeouts under test.
        provider.complete(call(false)).join();
        provider.stream(call(true)).join().chunks().blockLast();
    }

    @AfterAll
    void stop() {
        provider.close();
        fake.close();
    }

    /** The fake counts abandoned calls since it started; each test counts its own. */
    private int abandonedBefore;

    @BeforeEach
    void reset() {
        fake.reset();
        abandonedBefore = fake.abandonedCalls();
    }

    private static BedrockProvider provider(URI endpoint) {
        ProviderSettings settings = new ProviderSettings("bedrock", null, endpoint.toString(), BedrockModels.DEFAULTS,
                List.of(), Duration.ofSeconds(2), SHORT, SHORT, TOTAL);
        return new BedrockProvider(settings, new BedrockClientHolder("us-east-1", endpoint, Duration.ofSeconds(2),
                Duration.ofSeconds(5), 10));
    }

    @Test
    void theSdkClientIsBuiltByTheFirstCallNotBefore() {
        BedrockProvider fresh = provider(URI.create(fake.endpoint()));
        try {
            assertFalse(fresh.clientStarted(), "no SDK client before the first call");
            fresh.complete(call(false)).exceptionally(slowFirstCall -> null).join();
            assertTrue(fresh.clientStarted());
        } finally {
            fresh.close();
        }
    }

    @Test
    void aWholeAnswerMapsTextFinishReasonUsageAndTheRequestId() {
        ChatCompletion completion = provider.complete(call(false)).join();

        ObjectNode body = completion.body();
        assertEquals("Hello from the fake provider.", body.at("/choices/0/message/content").asText());
        assertEquals("stop", body.at("/choices/0/finish_reason").asText());
        assertEquals(OpenAiWireFormat.PROMPT_TOKENS, completion.usage().promptTokens());
        assertEquals(OpenAiWireFormat.COMPLETION_TOKENS, completion.usage().completionTokens());
        assertTrue(body.path("id").asText().startsWith("chatcmpl-") && body.path("id").asText().length() > 20, body.toString());
        assertEquals(MODEL, FakeBedrockServer.modelOf(fake.lastRequest()));
    }

    @Test
    void aWholeToolCallCarriesItsArgumentsAsAJsonString() {
        fake.respondWith(FakeReply.toolCall("get_weather", "{\"city\":\"Paris\",\"days\":3,\"metric\":true}"));

        ObjectNode body = provider.complete(call(false)).join().body();

        assertEquals("tool_calls", body.at("/choices/0/finish_reason").asText());
        assertTrue(body.at("/choices/0/message/content").isNull());
        assertEquals("call_fake_1", body.at("/choices/0/message/tool_calls/0/id").asText());
        assertEquals("{\"city\":\"Paris\",\"days\":3,\"metric\":true}",
                body.at("/choices/0/message/tool_calls/0/function/arguments").asText());
    }

    @Test
    void aStreamEndsWithTheFinishReasonAndAUsageChunk() {
        List<ObjectNode> chunks = provider.stream(call(true)).join().chunks().collectList().block();

        StringBuilder text = new StringBuilder();
        chunks.forEach(c -> text.append(c.at("/choices/0/delta/content").asText("")));
        assertEquals("Hello from the fake provider.", text.toString());
        assertEquals("assistant", chunks.getFirst().at("/choices/0/delta/role").asText());
        assertEquals("stop", chunks.get(chunks.size() - 2).at("/choices/0/finish_reason").asText());
        ObjectNode usage = (ObjectNode) chunks.getLast().get("usage");
        assertTrue(chunks.getLast().path("choices").isEmpty());
        assertEquals(OpenAiWireFormat.PROMPT_TOKENS, usage.path("prompt_tokens").asLong());
    }

    @Test
    void throttlingIs429WithBedrocksRetryAfterOrTheDefault() {
        fake.respondWith(FakeReply.rateLimited(9));
        GatewayException withHeader = failure(provider.complete(call(false)));
        assertEquals(ErrorType.RATE_LIMITED, withHeader.type());
        assertEquals(Duration.ofSeconds(9), withHeader.retryAfter());

        fake.respondWith(new FakeReply.Failure(429, "ThrottlingException", null, "Too many tokens, please wait.", null));
        GatewayException streamed = failure(provider.stream(call(true)));
        assertEquals(ErrorType.RATE_LIMITED, streamed.type());
        assertEquals(io.llmux.provider.http.RetryAfter.DEFAULT, streamed.retryAfter());
        assertTrue(streamed.getMessage().contains("Too many tokens"), streamed.getMessage());
    }

    @Test
    void bedrocksErrorTypesMapToTheirStatuses() {
        assertMapped(new FakeReply.Failure(400, "ValidationException", null, "The model returned the following errors: bad", null),
                ErrorType.INVALID_REQUEST, "invalid_request");
        assertMapped(new FakeReply.Failure(404, "ResourceNotFoundException", null, "Model not found", null),
                ErrorType.NOT_FOUND, "model_not_found");
        assertMapped(new FakeReply.Failure(503, "ServiceUnavailableException", null, "Service unavailable", null),
                ErrorType.UPSTREAM_ERROR, "provider_unavailable");
        assertMapped(new FakeReply.Failure(429, "ModelNotReadyException", null, "Model is not ready", null),
                ErrorType.UPSTREAM_ERROR, "model_not_ready");
        assertMapped(new FakeReply.Failure(500, "InternalServerException", null, "Internal error", null),
                ErrorType.UPSTREAM_ERROR, "provider_error");
        assertMapped(new FakeReply.Failure(408, "ModelTimeoutException", null, "Timed out", null),
                ErrorType.UPSTREAM_TIMEOUT, "provider_timeout");
        assertMapped(new FakeReply.Failure(403, "AccessDeniedException", null,
                        "User: arn:aws:sts::123456789012:assumed-role/llmux/fn is not authorized to perform: bedrock:InvokeModel", null),
                ErrorType.UPSTREAM_ERROR, "provider_auth_failed");
    }

    @Test
    void aPromptBeyondTheContextWindowIsContextLengthExceededForRouting() {
        assertMapped(FakeReply.contextTooLong(), ErrorType.INVALID_REQUEST, "context_length_exceeded");
        // Claude on Bedrock answers in Anthropic's words.
        assertMapped(new FakeReply.Failure(400, "ValidationException", null, "prompt is too long: 210345 tokens > 200000 maximum", null),
                ErrorType.INVALID_REQUEST, "context_length_exceeded");
        assertMapped(new FakeReply.Failure(400, "ValidationException", null,
                "Malformed input request: too many input tokens for this model", null), ErrorType.INVALID_REQUEST, "context_length_exceeded");
    }

    private void assertMapped(FakeReply reply, ErrorType type, String code) {
        fake.respondWith(reply);
        for (boolean stream : new boolean[] {false, true}) {
            GatewayException error = failure(stream ? provider.stream(call(true)) : provider.complete(call(false)));
            assertEquals(type, error.type(), reply + " stream=" + stream + ": " + error.getMessage());
            assertEquals(code, error.code(), reply + " stream=" + stream + ": " + error.getMessage());
            assertTrue(error.getMessage().contains("'bedrock'"), error.getMessage());
            assertFalse(error.getMessage().contains("123456789012"), "AWS account details stay out: " + error.getMessage());
        }
    }

    @Test
    void refusedCredentialsAre502AndNeverEchoed() {
        fake.respondWith(FakeReply.rejectKey());

        GatewayException error = failure(provider.complete(call(false)));

        assertEquals(ErrorType.UPSTREAM_ERROR, error.type());
        assertEquals("provider_auth_failed", error.code());
        assertFalse(error.getMessage().contains("AWS4-HMAC-SHA256"), error.getMessage());
        assertFalse(error.getMessage().contains(System.getProperty("aws.accessKeyId")), error.getMessage());
        assertTrue(error.getMessage().contains("bedrock:InvokeModel"), error.getMessage());
    }

    @Test
    void anExceptionEventMidStreamEndsTheStreamWithAnErrorAfterTheTextSoFar() {
        fake.respondWith(FakeReply.midStreamError(3, "The model stopped unexpectedly."));
        List<ObjectNode> received = new ArrayList<>();

        GatewayException error = streamFailure(received);

        assertEquals(ErrorType.UPSTREAM_ERROR, error.type());
        assertTrue(error.getMessage().contains("The model stopped unexpectedly."), error.getMessage());
        assertEquals(4, received.size(), "the role chunk and three words arrive before the error");

        fake.failStreamsWith("throttlingException");
        GatewayException throttled = streamFailure(new ArrayList<>());
        assertEquals(ErrorType.RATE_LIMITED, throttled.type(), throttled.getMessage());
    }

    @Test
    void aCorruptedFrameIsAnErrorNotACleanEnd() {
        fake.respondWith(FakeReply.malformed());

        List<ObjectNode> received = new ArrayList<>();
        GatewayException error = streamFailure(received);

        assertEquals("provider_bad_response", error.code(), error.getMessage());
        assertEquals(2, received.size(), "the frames before the corrupted one arrive");
    }

    @Test
    void aStreamThatEndsBeforeMessageStopIsCut() {
        fake.respondWith(FakeReply.endWithoutDone(2));

        GatewayException error = streamFailure(new ArrayList<>());

        assertEquals("provider_stream_cut", error.code());
    }

    @Test
    void aDroppedConnectionMidStreamIsCut() {
        fake.respondWith(FakeReply.cutAfter(2));

        GatewayException error = streamFailure(new ArrayList<>());

        assertEquals(ErrorType.UPSTREAM_ERROR, error.type());
    }

    @Test
    void aMalformedOrCutWholeAnswerIs502() {
        fake.respondWith(FakeReply.malformed());
        assertEquals("provider_bad_response", failure(provider.complete(call(false))).code());
        fake.respondWith(FakeReply.cutAfter(1));
        assertEquals(ErrorType.UPSTREAM_ERROR, failure(provider.complete(call(false))).type());
    }

    @Test
    void aStreamThatFallsSilentTimesOutAndItsConnectionIsClosed() throws InterruptedException {
        fake.respondWith(FakeReply.stallAfter(2, Duration.ofSeconds(10)));

        GatewayException error = streamFailure(new ArrayList<>());

        assertEquals(ErrorType.UPSTREAM_TIMEOUT, error.type(), error.getMessage());
        awaitAbandoned(1);
    }

    @Test
    void aSlowFirstByteTimesOutAndItsConnectionIsClosed() throws InterruptedException {
        fake.respondWith(FakeReply.slowFirstByte(Duration.ofSeconds(10)));
        assertEquals(ErrorType.UPSTREAM_TIMEOUT, failure(provider.stream(call(true))).type());
        awaitAbandoned(1);

        GatewayException whole = failure(provider.complete(call(false)));
        assertEquals(ErrorType.UPSTREAM_TIMEOUT, whole.type(), whole.getMessage());
        awaitAbandoned(2);
    }

    @Test
    void cancellingACallClosesItsConnection() throws InterruptedException {
        fake.respondWith(FakeReply.slowFirstByte(Duration.ofSeconds(10)));
        CompletableFuture<ChatCompletion> pending = provider.complete(call(false));
        awaitRequests(1);

        pending.cancel(true);

        awaitAbandoned(1);
    }

    @Test
    void anUnreachableEndpointIs502NamingTheProvider() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        BedrockProvider nowhere = provider(URI.create("http://127.0.0.1:" + closedPort));
        try {
            GatewayException error = failure(nowhere.complete(call(false)));
            assertEquals("provider_unreachable", error.code(), error.getMessage());
            assertTrue(error.getMessage().contains("'bedrock'"));
        } finally {
            nowhere.close();
        }
    }

    @Test
    void badInputIsRefusedBeforeAnyCallIsMade() {
        ProviderCall http = new ProviderCall(ChatRequestParser.parse(("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":"
                + "[{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/cat.png\"}}]}]}")
                .getBytes(StandardCharsets.UTF_8)), MODEL);

        GatewayException error = failure(provider.complete(http));

        assertEquals(ErrorType.INVALID_REQUEST, error.type());
        assertEquals("messages[0].content[0].image_url.url", error.param());
        assertTrue(fake.requests().isEmpty());
    }

    @Test
    void embeddingsAreRefusedClearly() {
        GatewayException error = failure(provider.embed(null));
        assertEquals(ErrorType.INVALID_REQUEST, error.type());
        assertTrue(error.getMessage().contains("'bedrock'"));
    }

    private GatewayException streamFailure(List<ObjectNode> received) {
        ChatStream stream = provider.stream(call(true)).join();
        Throwable error = assertThrows(RuntimeException.class,
                () -> stream.chunks().doOnNext(received::add).blockLast(Duration.ofSeconds(10)));
        return assertInstanceOf(GatewayException.class, error, String.valueOf(error));
    }

    private static GatewayException failure(CompletableFuture<?> future) {
        ExecutionException thrown = assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS));
        Throwable cause = thrown.getCause() instanceof CompletionException c ? c.getCause() : thrown.getCause();
        return assertInstanceOf(GatewayException.class, cause, String.valueOf(cause));
    }

    private void awaitAbandoned(int more) throws InterruptedException {
        int count = abandonedBefore + more;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (fake.abandonedCalls() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(count, fake.abandonedCalls(), "the gateway closed the provider connection");
    }

    private void awaitRequests(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (fake.requests().size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertNotNull(fake.lastRequest());
    }

    private static ProviderCall call(boolean stream) {
        String body = "{\"model\":\"bedrock/" + MODEL + "\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
        return new ProviderCall(ChatRequestParser.parse(body.getBytes(StandardCharsets.UTF_8)), MODEL);
    }
}
