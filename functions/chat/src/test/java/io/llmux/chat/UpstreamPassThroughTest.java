package io.llmux.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.chat.testing.FakeUpstreamGateway;
import io.llmux.testing.RawHttp;
import io.llmux.testing.FakeReply;
import io.llmux.testing.OpenAiWireFormat;
import io.llmux.testing.OpenApiContract;
import io.llmux.testing.RecordedRequest;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the gateway forwards to an OpenAI-compatible provider (its own key, the upstream model
 * name, every field it does not interpret, a request for usage on every stream) and what it
 * relays back (the answer, tool calls, the usage chunk only to clients that asked for it).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UpstreamPassThroughTest {

    private static final String KEY = "sk-proj-UpstreamPassThroughTest-key";

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

    @Test
    void forwardsTheConfiguredKeyTheUpstreamModelAndUnknownFieldsUnchanged() {
        upstream.fake().respondWith(FakeReply.text("Forty-two."));

        RawHttp.Response response = upstream.http().post("/v1/chat/completions", """
                {"model":"openai/gpt-4o-mini","messages":[{"role":"user","content":"Meaning of life?"}],
                 "temperature":0.2,"foo_vendor_option":{"x":1}}""");

        assertEquals(200, response.status(), response.body());
        assertEquals("Forty-two.", response.json().at("/choices/0/message/content").asText());
        assertEquals("openai", response.headers().firstValue("x-llmux-provider").orElse(null));
        RecordedRequest forwarded = upstream.fake().lastRequest();
        assertEquals("POST", forwarded.method());
        assertEquals("/v1/chat/completions", forwarded.path());
        assertEquals("Bearer " + KEY, forwarded.header("Authorization").orElse(null));
        JsonNode body = forwarded.json();
        assertEquals("gpt-4o-mini", body.path("model").asText());
        assertEquals("{\"x\":1}", body.path("foo_vendor_option").toString());
        assertEquals(0.2, body.path("temperature").asDouble());
        assertEquals("Meaning of life?", body.at("/messages/0/content").asText());
    }

    @Test
    void streamAsksTheProviderForUsageButTheClientThatDidNotAskGetsNoUsageChunk() {
        upstream.fake().respondWith(FakeReply.text("Streams are rivers of tokens."));

        RawHttp.Response response = upstream.http().post("/v1/chat/completions", """
                {"model":"openai/gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"Hi"}]}""");

        assertTrue(upstream.fake().lastRequest().json().at("/stream_options/include_usage").asBoolean(),
                upstream.fake().lastRequest().bodyText());
        List<JsonNode> chunks = chunks(response);
        for (JsonNode chunk : chunks) {
            assertFalse(chunk.hasNonNull("usage"), "usage leaked to a client that did not ask: " + chunk);
            assertFalse(chunk.path("choices").isEmpty(), "a usage-only chunk reached the client: " + chunk);
        }
        assertEquals("Streams are rivers of tokens.", text(chunks));
    }

    @Test
    void clientThatAsksForUsageGetsTheProvidersUsageChunkLast() {
        RawHttp.Response response = upstream.http().post("/v1/chat/completions", """
                {"model":"openai/gpt-4o-mini","stream":true,"stream_options":{"include_usage":true},
                 "messages":[{"role":"user","content":"Hi"}]}""");

        JsonNode last = chunks(response).getLast();
        assertTrue(last.path("choices").isEmpty(), last.toString());
        assertEquals(OpenAiWireFormat.PROMPT_TOKENS, last.at("/usage/prompt_tokens").asLong());
        assertEquals(OpenAiWireFormat.COMPLETION_TOKENS, last.at("/usage/completion_tokens").asLong());
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void toolCallsAreRelayed(boolean stream) {
        upstream.fake().respondWith(FakeReply.toolCall("get_weather", "{\"city\":\"Paris\",\"unit\":\"celsius\"}"));

        RawHttp.Response response = upstream.http().post("/v1/chat/completions", """
                {"model":"openai/gpt-4o-mini","stream":%s,"messages":[{"role":"user","content":"Weather in Paris?"}],
                 "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}}]}"""
                .formatted(stream));

        assertEquals(200, response.status(), response.body());
        JsonNode tools = upstream.fake().lastRequest().json().path("tools");
        assertEquals("get_weather", tools.at("/0/function/name").asText(), "tools forwarded");
        String name;
        StringBuilder arguments = new StringBuilder();
        String finishReason;
        if (stream) {
            List<JsonNode> chunks = chunks(response);
            name = chunks.getFirst().at("/choices/0/delta/tool_calls/0/function/name").asText();
            chunks.forEach(c -> arguments.append(c.at("/choices/0/delta/tool_calls/0/function/arguments").asText("")));
            finishReason = chunks.getLast().at("/choices/0/finish_reason").asText();
        } else {
            JsonNode choice = response.json().at("/choices/0");
            name = choice.at("/message/tool_calls/0/function/name").asText();
            arguments.append(choice.at("/message/tool_calls/0/function/arguments").asText());
            finishReason = choice.path("finish_reason").asText();
        }
        assertEquals("get_weather", name);
        assertEquals("{\"city\":\"Paris\",\"unit\":\"celsius\"}", arguments.toString());
        assertEquals("tool_calls", finishReason);
    }

    @Test
    void embeddingsAreForwardedWithTheUpstreamModel() {
        RawHttp.Response response = upstream.http().post("/v1/embeddings", """
                {"model":"openai/text-embedding-3-small","input":["one","two"],"encoding_format":"float"}""");

        assertEquals(200, response.status(), response.body());
        RecordedRequest forwarded = upstream.fake().lastRequest();
        assertEquals("/v1/embeddings", forwarded.path());
        assertEquals("text-embedding-3-small", forwarded.json().path("model").asText());
        assertEquals("Bearer " + KEY, forwarded.header("Authorization").orElse(null));
        JsonNode data = response.json().path("data");
        assertEquals(2, data.size());
        assertEquals(3, data.at("/1/embedding").size());
    }

    /** The chunks of a stream, checked against OpenAI's schemas and to end with [DONE]. */
    private static List<JsonNode> chunks(RawHttp.Response response) {
        assertEquals(200, response.status(), response.body());
        OpenApiContract.StreamEvents events = OpenApiContract.assertValidStream(response.body());
        assertTrue(events.done(), response.body());
        return events.chunks();
    }

    private static String text(List<JsonNode> chunks) {
        StringBuilder text = new StringBuilder();
        chunks.forEach(c -> text.append(c.at("/choices/0/delta/content").asText("")));
        return text.toString();
    }
}
