package io.llmux.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.chat.testing.FakeUpstreamGateway;
import io.llmux.testing.RawHttp;
import io.llmux.json.Json;
import io.llmux.openai.ChatRequestParser;
import io.llmux.pipeline.UsageRecord;
import io.llmux.testing.FakeReply;
import io.llmux.testing.OpenApiContract;
import io.llmux.testing.OpenAiWireFormat;
import io.llmux.tokens.TokenCounter;
import io.llmux.tokens.UsageSource;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each way an OpenAI-compatible provider fails, and what the gateway's client gets for it: the
 * documented status and error shape before a stream starts, an error event (and no [DONE]) once it
 * has, never a hang, never the provider's key. Usage is metered once for every stream the
 * provider started, and not at all for calls it refused.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UpstreamFaultsTest {

    private static final String KEY = "sk-proj-UpstreamFaultsTest0123456789secret";
    private static final String MODEL = "openai/gpt-4o-mini";

    private static FakeUpstreamGateway upstream;

    @BeforeAll
    static void start() {
        upstream = FakeUpstreamGateway.start(KEY);
    }

    @AfterAll
    static void stop() {
        upstream.close();
    }

    @BeforeEach
    void resetFake() {
        upstream.fake().reset();
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void rateLimitIsPassedOnAs429WithRetryAfter(boolean stream) {
        upstream.fake().respondWith(FakeReply.rateLimited(7));

        RawHttp.Response response = chat(stream);

        assertEquals(429, response.status(), response.body());
        assertEquals("7", response.headers().firstValue("Retry-After").orElse(null));
        JsonNode error = openAiError(response);
        assertEquals("rate_limit_error", error.path("type").asText());
        assertEquals("rate_limit_exceeded", error.path("code").asText());
        assertTrue(error.path("message").asText().contains("'openai'"), error.toString());
        assertNotMetered(response);
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void serverErrorBecomes502NamingTheProvider(boolean stream) {
        upstream.fake().respondWith(FakeReply.serverError());

        RawHttp.Response response = chat(stream);

        assertEquals(502, response.status(), response.body());
        JsonNode error = openAiError(response);
        assertEquals("upstream_error", error.path("type").asText());
        assertTrue(error.path("message").asText().contains("'openai'"), error.toString());
        assertNotMetered(response);
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void slowFirstByteBecomes504(boolean stream) {
        upstream.fake().respondWith(FakeReply.slowFirstByte(Duration.ofSeconds(20)));

        RawHttp.Response response = chat(stream);

        assertEquals(504, response.status(), response.body());
        JsonNode error = openAiError(response);
        assertEquals("upstream_timeout", error.path("type").asText());
        assertTrue(error.path("message").asText().contains("'openai'"), error.toString());
        assertNotMetered(response);
    }

    @Test
    void malformedBodyBecomes502() {
        upstream.fake().respondWith(FakeReply.malformed());

        RawHttp.Response response = chat(false);

        assertEquals(502, response.status(), response.body());
        assertEquals("provider_bad_response", openAiError(response).path("code").asText());
        assertNotMetered(response);
    }

    @Test
    void bodyCutShortOfItsContentLengthBecomes502() {
        upstream.fake().respondWith(FakeReply.cutAfter(0));

        RawHttp.Response response = chat(false);

        assertEquals(502, response.status(), response.body());
        JsonNode error = openAiError(response);
        assertEquals("upstream_error", error.path("type").asText());
        assertTrue(error.path("message").asText().contains("'openai'"), error.toString());
        assertNotMetered(response);
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void rejectedKeyBecomes502AndTheKeyNeverReachesTheClient(boolean stream) {
        upstream.fake().respondWith(FakeReply.rejectKey());

        RawHttp.Response response = chat(stream);

        assertEquals(KEY, upstream.fake().lastRequest().bearerKey(), "the fake's 401 quoted the key it was sent");
        assertEquals(502, response.status(), response.body());
        assertEquals("upstream_error", openAiError(response).path("type").asText());
        assertFalse(response.body().contains(KEY), response.body());
        assertFalse(response.body().contains("0123456789secret"), response.body());
        response.headers().map().forEach((name, values) ->
                values.forEach(value -> assertFalse(value.contains(KEY), name + ": " + value)));
        assertNotMetered(response);
    }

    static Stream<Arguments> streamFaults() {
        return Stream.of(
                Arguments.of(FakeReply.cutAfter(3), "The quick brown", "upstream_error"),
                Arguments.of(FakeReply.endWithoutDone(4), "The quick brown fox", "upstream_error"),
                Arguments.of(FakeReply.midStreamError(2, "The model crashed"), "The quick", "upstream_error"),
                Arguments.of(FakeReply.stallAfter(2, java.time.Duration.ofSeconds(3)), "The quick", "upstream_timeout"),
                Arguments.of(FakeReply.malformed(), "The", "upstream_error"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streamFaults")
    void streamThatBreaksEndsWithAnErrorEventAndNoDone(FakeReply fault, String streamedBeforeFault, String errorType) {
        upstream.fake().respondWith(fault);

        RawHttp.Response response = chat(true);

        assertEquals(200, response.status(), "the stream had started: " + response.body());
        OpenApiContract.StreamEvents events = OpenApiContract.assertValidStream(response.body());
        assertFalse(events.done(), response.body());
        assertNotNull(events.error(), "the stream ends with an error event: " + response.body());
        JsonNode error = events.error().path("error");
        assertEquals(errorType, error.path("type").asText(), error.toString());
        assertTrue(error.path("message").asText().contains("'openai'"), error.toString());
        assertEquals(streamedBeforeFault, content(events.chunks()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streamFaults")
    void streamThatBreaksIsMeteredOnceByLocalCountOfWhatWasStreamed(FakeReply fault, String streamedBeforeFault, String errorType) {
        upstream.fake().respondWith(fault);

        RawHttp.Response response = chat(true);

        UsageRecord record = onlyRecord(response);
        TokenCounter tokens = upstream.gateway().context().getBean(TokenCounter.class);
        assertEquals(UsageRecord.Outcome.FAILED, record.outcome());
        assertEquals(UsageSource.LOCAL, record.usage().source());
        assertEquals(tokens.count("gpt-4o-mini", streamedBeforeFault), record.usage().completionTokens());
        assertEquals(tokens.countPrompt(ChatRequestParser.parse(upstream.fake().lastRequest().body())),
                record.usage().promptTokens());
    }

    @Test
    void completedStreamIsMeteredOnceWithTheProvidersUsage() {
        RawHttp.Response response = chat(true);

        assertTrue(OpenApiContract.assertValidStream(response.body()).done(), response.body());
        UsageRecord record = onlyRecord(response);
        assertEquals(UsageRecord.Outcome.COMPLETED, record.outcome());
        assertEquals(UsageSource.PROVIDER, record.usage().source());
        assertEquals(OpenAiWireFormat.PROMPT_TOKENS, record.usage().promptTokens());
        assertEquals(OpenAiWireFormat.COMPLETION_TOKENS, record.usage().completionTokens());
    }

    @Test
    void completedCallIsMeteredOnceWithTheProvidersUsage() {
        RawHttp.Response response = chat(false);

        assertEquals(200, response.status(), response.body());
        UsageRecord record = onlyRecord(response);
        assertEquals(UsageSource.PROVIDER, record.usage().source());
        assertEquals(OpenAiWireFormat.PROMPT_TOKENS, record.usage().promptTokens());
        assertEquals(OpenAiWireFormat.COMPLETION_TOKENS, record.usage().completionTokens());
    }

    private static RawHttp.Response chat(boolean stream) {
        return upstream.http().post("/v1/chat/completions", """
                {"model":"%s","stream":%s,"messages":[{"role":"user","content":"Tell me about foxes."}]}"""
                .formatted(MODEL, stream));
    }

    /** The error object of an error response, checked against OpenAI's ErrorResponse schema. */
    private static JsonNode openAiError(RawHttp.Response response) {
        assertTrue(response.contentType().startsWith("application/json"), response.toString());
        OpenApiContract.assertValid("ErrorResponse", response.json());
        return response.json().path("error");
    }

    private static void assertNotMetered(RawHttp.Response response) {
        assertEquals(List.of(), upstream.meter().recordsOf(requestId(response)),
                "a call the provider refused produced no tokens to meter");
    }

    private static UsageRecord onlyRecord(RawHttp.Response response) {
        List<UsageRecord> records = upstream.meter().recordsOf(requestId(response));
        assertEquals(1, records.size(), "usage records of the request: " + records);
        return records.getFirst();
    }

    private static String requestId(RawHttp.Response response) {
        return response.headers().firstValue("x-request-id").orElseThrow(() -> new AssertionError("no x-request-id"));
    }

    private static String content(List<JsonNode> chunks) {
        StringBuilder text = new StringBuilder();
        chunks.forEach(chunk -> chunk.path("choices").forEach(choice -> text.append(choice.path("delta").path("content").asText(""))));
        return text.toString();
    }
}
