package io.llmux.chat.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.chat.testing.RecordingUsageMeter;
import io.llmux.pipeline.UsageRecord;
import io.llmux.testing.FakeAnthropicServer;
import io.llmux.testing.FakeProviderServer;
import io.llmux.testing.FakeReply;
import io.llmux.testing.OpenAiWireFormat;
import io.llmux.testing.OpenApiContract;
import io.llmux.testing.RawHttp;
import io.llmux.testing.RecordedRequest;
import io.llmux.tokens.UsageSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The conformance matrix against the Anthropic adapter, with the upstream requests checked in the
 * Messages API's terms, and the faults and prompt-caching usage only Anthropic has.
 */
class AnthropicConformanceTest extends ProviderConformanceMatrix {

    private static final String KEY = "sk-ant-api03-AnthropicConformanceTest-0123456789";

    @Override
    protected FakeProviderServer startFake() {
        return FakeAnthropicServer.start();
    }

    @Override
    protected Map<String, Object> providerProperties(FakeProviderServer fake) {
        return Map.of("llmux.providers.anthropic.api-key", KEY,
                "llmux.providers.anthropic.base-url", ((FakeAnthropicServer) fake).baseUrl(),
                "llmux.providers.anthropic.first-byte-timeout", "2s",
                "llmux.providers.anthropic.idle-timeout", "2s");
    }

    @Override
    protected String model() {
        return "anthropic/claude-sonnet-4-5";
    }

    @Override
    protected String providerName() {
        return "anthropic";
    }

    @Override
    protected void assertPlainRequest(RecordedRequest upstream, String userText, boolean stream) {
        JsonNode body = upstream.json();
        assertEquals("/v1/messages", upstream.path());
        assertEquals(KEY, upstream.header("x-api-key").orElse(null));
        assertEquals("2023-06-01", upstream.header("anthropic-version").orElse(null));
        assertTrue(upstream.header("Authorization").isEmpty(), "Anthropic takes its key in x-api-key only");
        assertEquals("claude-sonnet-4-5", body.path("model").asText());
        assertEquals(expectedMaxTokens(), body.path("max_tokens").asInt(), "the client's limit, or the default when it gave none");
        assertEquals(1, body.path("messages").size());
        assertEquals("user", body.at("/messages/0/role").asText());
        assertEquals(userText, body.at("/messages/0/content/0/text").asText());
        assertEquals(stream, body.path("stream").asBoolean(false));
        assertTrue(body.path("system").isMissingNode(), "no system prompt was given");
    }

    /** An OpenAI client here sends no limit, so the adapter's default (4096) applies. */
    int expectedMaxTokens() {
        return 4096;
    }

    @Override
    protected void assertConversationRequest(RecordedRequest upstream, String system, List<String> turns) {
        JsonNode body = upstream.json();
        assertEquals(system, body.path("system").asText(), "the system message is hoisted into 'system'");
        assertTurns(body.path("messages"), 0, turns, "assistant", "/content/0/text");
    }

    @Override
    protected void assertToolRoundTripRequest(RecordedRequest upstream) {
        JsonNode body = upstream.json();
        assertEquals("get_weather", body.at("/tools/0/name").asText());
        assertEquals("Current weather in a city", body.at("/tools/0/description").asText());
        assertEquals("string", body.at("/tools/0/input_schema/properties/city/type").asText());
        assertEquals("auto", body.at("/tool_choice/type").asText());
        JsonNode messages = body.path("messages");
        assertEquals(3, messages.size(), messages.toString());
        assertEquals("user", messages.at("/0/role").asText());
        assertEquals("assistant", messages.at("/1/role").asText());
        JsonNode use = messages.at("/1/content/0");
        assertEquals("tool_use", use.path("type").asText());
        assertEquals("call_1", use.path("id").asText());
        assertEquals("get_weather", use.path("name").asText());
        assertEquals("Oslo", use.at("/input/city").asText(), "arguments are sent as an object, not a string");
        assertEquals("user", messages.at("/2/role").asText(), "a tool result is a user turn");
        JsonNode result = messages.at("/2/content/0");
        assertEquals("tool_result", result.path("type").asText());
        assertEquals("call_1", result.path("tool_use_id").asText());
        assertEquals("-3 C, snow", result.path("content").asText());
    }

    @Override
    protected void assertImageRequest(RecordedRequest upstream, String text) {
        JsonNode content = upstream.json().at("/messages/0/content");
        assertEquals(text, content.at("/0/text").asText());
        assertEquals("image", content.at("/1/type").asText());
        assertEquals("base64", content.at("/1/source/type").asText());
        assertEquals("image/png", content.at("/1/source/media_type").asText());
        assertEquals(IMAGE_DATA_URL.substring(IMAGE_DATA_URL.indexOf(',') + 1), content.at("/1/source/data").asText());
    }

    @Override
    protected void assertStopAndLimitRequest(RecordedRequest upstream) {
        JsonNode body = upstream.json();
        assertEquals(List.of("END"), List.of(body.at("/stop_sequences/0").asText()));
        assertEquals(1, body.path("stop_sequences").size());
        assertEquals(5, body.path("max_tokens").asInt());
    }

    // --- what only Anthropic does -----------------------------------------------------------------

    private FakeAnthropicServer anthropic() {
        return (FakeAnthropicServer) fake();
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void overloadedIs503WithRetryAfterNamingTheProvider(boolean stream) {
        fake().respondWith(new FakeReply.Failure(529, "overloaded_error", null, "Overloaded", "3"));

        RawHttp.Response response = post(stream, """
                {"messages":[{"role":"user","content":"Hi"}]}""");

        assertEquals(503, response.status(), response.body());
        assertEquals("3", response.header("Retry-After"));
        OpenApiContract.assertValid("ErrorResponse", response.json());
        assertEquals("provider_overloaded", response.json().at("/error/code").asText());
        assertTrue(response.json().at("/error/message").asText().contains("'anthropic'"), response.body());
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void aRejectedKeyIs502AndNeverEchoed(boolean stream) {
        fake().respondWith(FakeReply.rejectKey());

        RawHttp.Response response = post(stream, """
                {"messages":[{"role":"user","content":"Hi"}]}""");

        assertEquals(502, response.status(), response.body());
        assertEquals("provider_auth_failed", response.json().at("/error/code").asText());
        assertFalse(response.body().contains(KEY), response.body());
        assertFalse(response.body().contains("sk-ant"), response.body());
    }

    @Test
    void anErrorEventMidStreamEndsTheStreamWithAnErrorAndIsMeteredOnce() {
        fake().respondWith(FakeReply.midStreamError(2, "Overloaded"));
        RecordingUsageMeter meter = gateway().context().getBean(RecordingUsageMeter.class);
        meter.clear();

        RawHttp.Response response = post(true, """
                {"messages":[{"role":"user","content":"Hi"}]}""");

        assertEquals(200, response.status(), response.body());
        OpenApiContract.StreamEvents events = OpenApiContract.assertValidStream(response.body());
        assertFalse(events.done(), "a failed stream never ends with [DONE]");
        assertNotNull(events.error(), response.body());
        assertTrue(events.error().at("/error/message").asText().contains("'anthropic'"), events.error().toString());
        assertEquals(1, meter.all().size(), "metered exactly once: " + meter.all());
        assertEquals(UsageRecord.Outcome.FAILED, meter.all().getFirst().outcome());
    }

    @Test
    void aStreamThatEndsWithoutMessageStopIsAnError() {
        fake().respondWith(FakeReply.endWithoutDone(3));

        RawHttp.Response response = post(true, """
                {"messages":[{"role":"user","content":"Hi"}]}""");

        OpenApiContract.StreamEvents events = OpenApiContract.assertValidStream(response.body());
        assertFalse(events.done(), response.body());
        assertNotNull(events.error(), response.body());
    }

    /**
     * 1234 prompt tokens = 934 plain + 200 read from the cache + 100 written to it; claude-sonnet-4-5
     * costs $3, $0.30, $3.75 and $15 (output) per 1M: 2,802 + 60 + 375 + 8,505 = 11,742 micro-dollars.
     */
    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void promptCacheReadsAndWritesAreReportedAndPricedApart(boolean stream) {
        anthropic().reportCache(200, 100);
        RecordingUsageMeter meter = gateway().context().getBean(RecordingUsageMeter.class);
        meter.clear();

        Answer answer = send(stream, """
                {"messages":[{"role":"user","content":"Say hello."}]}""");

        answer.assertProviderUsage();
        assertEquals(200, answer.usage().at("/prompt_tokens_details/cached_tokens").asLong(), answer.usage().toString());
        assertEquals(100, answer.usage().path("cache_creation_input_tokens").asLong(), answer.usage().toString());
        assertEquals(1, meter.all().size(), meter.all().toString());
        UsageRecord record = meter.all().getFirst();
        assertEquals(UsageSource.PROVIDER, record.usage().source());
        assertEquals(OpenAiWireFormat.PROMPT_TOKENS, record.usage().promptTokens());
        assertEquals(200, record.usage().cachedPromptTokens());
        assertEquals(100, record.usage().cacheCreationTokens());
        assertEquals(11_742, record.costMicros());
    }

    @Test
    void requestsAnthropicCannotServeAreRefusedNamingTheField() {
        RawHttp.Response response = post(false, """
                {"n":2,"messages":[{"role":"user","content":"Hi"}]}""");

        assertEquals(400, response.status(), response.body());
        assertEquals("n", response.json().at("/error/param").asText());
        assertTrue(fake().requests().isEmpty(), "refused before any call to the provider");
    }
}
