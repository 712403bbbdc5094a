package io.llmux.chat.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.chat.testing.FakeProviderGateway;
import io.llmux.chat.testing.GatewayServer;
import io.llmux.chat.testing.RecordingUsageMeter;
import io.llmux.json.Json;
import io.llmux.testing.FakeProviderServer;
import io.llmux.testing.FakeReply;
import io.llmux.testing.OpenAiWireFormat;
import io.llmux.testing.OpenApiContract;
import io.llmux.testing.RawHttp;
import io.llmux.testing.RecordedRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The provider conformance matrix (issue 3): one set of OpenAI requests, streamed and not, sent
 * through the gateway to one provider's fake. Every answer must validate against OpenAI's spec and
 * mean the right thing (text, tool name and arguments, finish_reason, usage); every request the
 * fake receives must be a faithful translation, which the subclass checks in its provider's terms.
 *
 * <p>A subclass per adapter: it starts its fake, says how the gateway reaches it, and checks the
 * upstream request. Every fake reports {@link OpenAiWireFormat#PROMPT_TOKENS} input and
 * {@link OpenAiWireFormat#COMPLETION_TOKENS} output tokens in its own usage format.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
public abstract class ProviderConformanceMatrix {

    protected static final String IMAGE_DATA_URL = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
    protected static final String WEATHER_TOOL = """
            {"type":"function","function":{"name":"get_weather","description":"Current weather in a city",
             "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}""";

    private FakeProviderServer fake;
    private FakeProviderGateway<FakeProviderServer> running;
    private GatewayServer gateway;

    /** Starts the provider's fake. */
    protected abstract FakeProviderServer startFake();

    /** Gateway properties that point the provider under test at {@code fake} (its key, URL or endpoint). */
    protected abstract Map<String, Object> providerProperties(FakeProviderServer fake);

    /** The model clients ask for, e.g. {@code anthropic/claude-sonnet-4-5}. */
    protected abstract String model();

    /** The provider's name, as error messages and {@code x-llmux-provider} name it. */
    protected abstract String providerName();

    /** The upstream request of a one-line user message: the text sent, the model, streaming or not as asked. */
    protected abstract void assertPlainRequest(RecordedRequest upstream, String userText, boolean stream);

    /** A system prompt and three alternating turns, in the provider's terms (hoisted system, roles). */
    protected abstract void assertConversationRequest(RecordedRequest upstream, String system, List<String> turns);

    /**
     * The weather tool declared, the assistant's earlier call {@code call_1 get_weather {"city":"Oslo"}}
     * and its result {@code "-3 C, snow"} sent back in the provider's terms.
     */
    protected abstract void assertToolRoundTripRequest(RecordedRequest upstream);

    /** The image of {@link #IMAGE_DATA_URL} (PNG, base64) sent alongside the text. */
    protected abstract void assertImageRequest(RecordedRequest upstream, String text);

    /** Stop sequence {@code END} and an output limit of 5 tokens. */
    protected abstract void assertStopAndLimitRequest(RecordedRequest upstream);

    @BeforeAll
    void startGateway() {
        fake = startFake();
        Map<String, Object> properties = new HashMap<>(providerProperties(fake));
        properties.put(RecordingUsageMeter.ENABLE, "true");
        running = FakeProviderGateway.start(fake, properties);
        gateway = running.gateway();
    }

    @AfterAll
    void stopGateway() {
        if (running != null) {
            running.close();
        }
    }

    @BeforeEach
    void resetFake() {
        fake.reset();
    }

    protected FakeProviderServer fake() {
        return fake;
    }

    protected GatewayServer gateway() {
        return gateway;
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void plainMessage(boolean stream) {
        fake.respondWith(FakeReply.text("Hello from the fake provider."));

        Answer answer = send(stream, """
                {"messages":[{"role":"user","content":"Say hello."}]}""");

        assertEquals("Hello from the fake provider.", answer.text());
        assertEquals("stop", answer.finishReason());
        answer.assertProviderUsage();
        assertPlainRequest(fake.lastRequest(), "Say hello.", stream);
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void systemPromptAndMultiTurn(boolean stream) {
        fake.respondWith(FakeReply.text("Paris, as I said."));

        Answer answer = send(stream, """
                {"messages":[{"role":"system","content":"You are terse."},
                 {"role":"user","content":"Capital of France?"},
                 {"role":"assistant","content":"Paris."},
                 {"role":"user","content":"Are you sure?"}]}""");

        assertEquals("Paris, as I said.", answer.text());
        assertEquals("stop", answer.finishReason());
        answer.assertProviderUsage();
        assertConversationRequest(fake.lastRequest(), "You are terse.",
                List.of("Capital of France?", "Paris.", "Are you sure?"));
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void toolCallAndToolRoundTrip(boolean stream) {
        fake.respondWith(FakeReply.toolCall("get_weather", "{\"city\":\"Paris\"}"));

        Answer answer = send(stream, """
                {"tools":[%s],"tool_choice":"auto",
                 "messages":[{"role":"user","content":"Weather in Oslo, then Paris?"},
                  {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
                   "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Oslo\\"}"}}]},
                  {"role":"tool","tool_call_id":"call_1","content":"-3 C, snow"}]}""".formatted(WEATHER_TOOL));

        assertEquals("tool_calls", answer.finishReason());
        assertEquals("get_weather", answer.toolName());
        assertEquals(parse("{\"city\":\"Paris\"}"), parse(answer.toolArguments()));
        assertFalse(answer.toolCallId().isBlank(), "a tool call has an id the client can answer");
        answer.assertProviderUsage();
        assertToolRoundTripRequest(fake.lastRequest());
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void imageInput(boolean stream) {
        fake.respondWith(FakeReply.text("A single pixel."));

        Answer answer = send(stream, """
                {"messages":[{"role":"user","content":[{"type":"text","text":"What is this?"},
                 {"type":"image_url","image_url":{"url":"%s"}}]}]}""".formatted(IMAGE_DATA_URL));

        assertEquals("A single pixel.", answer.text());
        answer.assertProviderUsage();
        assertImageRequest(fake.lastRequest(), "What is this?");
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void stopSequenceAndLengthCut(boolean stream) {
        fake.respondWith(FakeReply.truncated("One two three four five"));

        Answer answer = send(stream, """
                {"stop":["END"],"max_tokens":5,"messages":[{"role":"user","content":"Count to ten."}]}""");

        assertEquals("One two three four five", answer.text());
        assertEquals("length", answer.finishReason());
        answer.assertProviderUsage();
        assertStopAndLimitRequest(fake.lastRequest());
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void providerRateLimitIs429WithRetryAfter(boolean stream) {
        fake.respondWith(FakeReply.rateLimited(7));

        RawHttp.Response response = post(stream, """
                {"messages":[{"role":"user","content":"Hi"}]}""");

        assertEquals(429, response.status(), response.body());
        assertEquals("7", response.header("Retry-After"));
        assertErrorNamesProvider(response, "rate_limit_error");
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void providerServerErrorIs502NamingTheProvider(boolean stream) {
        fake.respondWith(FakeReply.serverError());

        RawHttp.Response response = post(stream, """
                {"messages":[{"role":"user","content":"Hi"}]}""");

        assertEquals(502, response.status(), response.body());
        assertErrorNamesProvider(response, "upstream_error");
    }

    /**
     * Each provider says it in its own words (only OpenAI and Azure with a code); the client, and
     * routing's context-window fallback, get OpenAI's 400 {@code context_length_exceeded} from all.
     */
    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void promptBeyondTheContextWindowIs400ContextLengthExceeded(boolean stream) {
        fake.respondWith(FakeReply.contextTooLong());

        RawHttp.Response response = post(stream, """
                {"messages":[{"role":"user","content":"A very long prompt."}]}""");

        assertEquals(400, response.status(), response.body());
        assertErrorNamesProvider(response, "invalid_request_error");
        assertEquals("context_length_exceeded", response.json().at("/error/code").asText(), response.body());
        assertEquals("messages", response.json().at("/error/param").asText(), response.body());
    }

    @org.junit.jupiter.api.Test
    void streamCutMidwayEndsWithAnErrorEventAndIsMeteredOnce() {
        fake.respondWith(FakeReply.cutAfter(3));
        RecordingUsageMeter meter = gateway.context().getBean(RecordingUsageMeter.class);
        meter.clear();

        RawHttp.Response response = post(true, """
                {"messages":[{"role":"user","content":"Hi"}]}""");

        assertEquals(200, response.status(), response.body());
        OpenApiContract.StreamEvents events = OpenApiContract.assertValidStream(response.body());
        assertFalse(events.done(), "a cut stream never ends with [DONE]");
        assertNotNull(events.error(), "a cut stream ends with an error event");
        assertEquals(1, meter.all().size(), "metered exactly once: " + meter.all());
        assertTrue(meter.all().getFirst().usage().completionTokens() > 0, "what was streamed is metered");
    }

    /** Sends the request (model added) and returns the answer, checked against OpenAI's schema. */
    protected Answer send(boolean stream, String body) {
        RawHttp.Response response = post(stream, body);
        assertEquals(200, response.status(), response.body());
        assertEquals(providerName(), response.header("x-llmux-provider"));
        if (!stream) {
            OpenApiContract.assertValid("CreateChatCompletionResponse", response.json());
            return Answer.of(response.json());
        }
        OpenApiContract.StreamEvents events = OpenApiContract.assertValidStream(response.body());
        assertTrue(events.done(), "the stream ends with [DONE]: " + response.body());
        return Answer.ofStream(events.chunks());
    }

    protected RawHttp.Response post(boolean stream, String body) {
        com.fasterxml.jackson.databind.node.ObjectNode request = (com.fasterxml.jackson.databind.node.ObjectNode) parse(body);
        request.put("model", model());
        if (stream) {
            request.put("stream", true);
            request.putObject("stream_options").put("include_usage", true);
        }
        return gateway.http().post("/v1/chat/completions", request.toString());
    }

    protected static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError("Not JSON: " + json, e);
        }
    }

    /**
     * {@code turns}, alternating between the user and {@code assistantRole}, as the messages from
     * index {@code first} on (an earlier one may hold the system prompt): nothing more, nothing
     * less, each text at {@code textPointer} inside its message.
     */
    protected static void assertTurns(JsonNode messages, int first, List<String> turns, String assistantRole, String textPointer) {
        assertEquals(first + turns.size(), messages.size(), messages.toString());
        for (int i = 0; i < turns.size(); i++) {
            JsonNode message = messages.path(first + i);
            assertEquals(i % 2 == 0 ? "user" : assistantRole, message.path("role").asText(), messages.toString());
            assertEquals(turns.get(i), message.at(textPointer).asText(), messages.toString());
        }
    }

    private void assertErrorNamesProvider(RawHttp.Response response, String type) {
        JsonNode error = response.json().path("error");
        OpenApiContract.assertValid("ErrorResponse", response.json());
        assertEquals(type, error.path("type").asText(), error.toString());
        assertTrue(error.path("message").asText().contains("'" + providerName() + "'"), error.toString());
    }

    /** What a client takes from an answer, whether it came whole or as chunks. */
    protected record Answer(String text, String finishReason, String toolCallId, String toolName, String toolArguments,
                            JsonNode usage) {

        static Answer of(JsonNode completion) {
            JsonNode choice = completion.path("choices").path(0);
            JsonNode call = choice.at("/message/tool_calls/0");
            return new Answer(choice.at("/message/content").asText(""), choice.path("finish_reason").asText(null),
                    call.path("id").asText(""), call.at("/function/name").asText(""),
                    call.at("/function/arguments").asText(""), completion.path("usage"));
        }

        /** Reassembles a stream as a client SDK does: content concatenated, tool-call deltas joined by index. */
        static Answer ofStream(List<JsonNode> chunks) {
            StringBuilder text = new StringBuilder();
            StringBuilder arguments = new StringBuilder();
            String finish = null;
            String id = "";
            String name = "";
            JsonNode usage = null;
            for (JsonNode chunk : chunks) {
                if (chunk.hasNonNull("usage")) {
                    usage = chunk.path("usage");
                }
                for (JsonNode choice : chunk.path("choices")) {
                    JsonNode delta = choice.path("delta");
                    text.append(delta.path("content").asText(""));
                    for (JsonNode call : delta.path("tool_calls")) {
                        assertEquals(0, call.path("index").asInt(), "one tool call, index 0");
                        id = call.hasNonNull("id") ? call.path("id").asText() : id;
                        name = name + call.at("/function/name").asText("");
                        arguments.append(call.at("/function/arguments").asText(""));
                    }
                    if (choice.hasNonNull("finish_reason")) {
                        finish = choice.path("finish_reason").asText();
                    }
                }
            }
            assertNotNull(usage, "include_usage was asked: the stream ends with a usage chunk");
            return new Answer(text.toString(), finish, id, name, arguments.toString(), usage);
        }

        /** The provider's own counts, relayed: never a local estimate when the provider reported usage. */
        void assertProviderUsage() {
            assertEquals(OpenAiWireFormat.PROMPT_TOKENS, usage.path("prompt_tokens").asLong(), usage.toString());
            assertEquals(OpenAiWireFormat.COMPLETION_TOKENS, usage.path("completion_tokens").asLong(), usage.toString());
            assertEquals(OpenAiWireFormat.PROMPT_TOKENS + OpenAiWireFormat.COMPLETION_TOKENS,
                    usage.path("total_tokens").asLong(), usage.toString());
        }
    }
}
