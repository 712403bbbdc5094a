package io.llmux.chat.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.chat.testing.AnthropicEvents;
import io.llmux.chat.testing.FakeProviderGateway;
import io.llmux.chat.testing.GatewayServer;
import io.llmux.chat.testing.RecordingUsageMeter;
import io.llmux.json.Json;
import io.llmux.testing.FakeProviderServer;
import io.llmux.testing.FakeReply;
import io.llmux.testing.OpenAiWireFormat;
import io.llmux.testing.RawHttp;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The conformance matrix for Anthropic-format clients (issue 3): the scenarios of
 * {@link ProviderConformanceMatrix}, written as Anthropic Messages API requests and sent to
 * {@code POST /v1/messages}, streamed and not, through one provider's fake. Every answer must be a
 * well-formed Anthropic message (or event sequence) that means the right thing: text, tool name and
 * input, stop_reason, usage. The upstream request must be the same faithful translation the
 * OpenAI-format matrix demands, so each adapter's own matrix subclass supplies the checks
 * ({@link #adapter()}): an adapter that passes its matrix passes this one with a three-line class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
public abstract class MessagesConformanceMatrix {

    private static final String WEATHER_TOOL = """
            {"name":"get_weather","description":"Current weather in a city",
             "input_schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}""";
    private static final String IMAGE_BASE64 = ProviderConformanceMatrix.IMAGE_DATA_URL.substring("data:image/png;base64,".length());

    /** The max_tokens every request here carries unless it sets its own: Anthropic's API requires one. */
    static final int DEFAULT_MAX_TOKENS = 1024;

    private ProviderConformanceMatrix adapter;
    private FakeProviderServer fake;
    private FakeProviderGateway<FakeProviderServer> running;
    private GatewayServer gateway;

    /** The adapter's OpenAI-format matrix, whose fake, configuration and upstream checks this one reuses. */
    protected abstract ProviderConformanceMatrix adapter();

    @BeforeAll
    void startGateway() {
        adapter = adapter();
        fake = adapter.startFake();
        Map<String, Object> properties = new HashMap<>(adapter.providerProperties(fake));
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

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void plainMessage(boolean stream) {
        fake.respondWith(FakeReply.text("Hello from the fake provider."));

        Answer answer = send(stream, """
                {"messages":[{"role":"user","content":"Say hello."}]}""");

        assertEquals("Hello from the fake provider.", answer.text());
        assertEquals("end_turn", answer.stopReason());
        answer.assertProviderUsage();
        adapter.assertPlainRequest(fake.lastRequest(), "Say hello.", stream);
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void systemPromptAndMultiTurn(boolean stream) {
        fake.respondWith(FakeReply.text("Paris, as I said."));

        Answer answer = send(stream, """
                {"system":"You are terse.","messages":[
                 {"role":"user","content":"Capital of France?"},
                 {"role":"assistant","content":[{"type":"text","text":"Paris."}]},
                 {"role":"user","content":[{"type":"text","text":"Are you sure?"}]}]}""");

        assertEquals("Paris, as I said.", answer.text());
        assertEquals("end_turn", answer.stopReason());
        answer.assertProviderUsage();
        adapter.assertConversationRequest(fake.lastRequest(), "You are terse.", List.of("Capital of France?", "Paris.", "Are you sure?"));
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void toolUseAndToolRoundTrip(boolean stream) {
        fake.respondWith(FakeReply.toolCall("get_weather", "{\"city\":\"Paris\"}"));

        Answer answer = send(stream, """
                {"tools":[%s],"tool_choice":{"type":"auto"},"messages":[
                 {"role":"user","content":"Weather in Oslo, then Paris?"},
                 {"role":"assistant","content":[{"type":"tool_use","id":"call_1","name":"get_weather","input":{"city":"Oslo"}}]},
                 {"role":"user","content":[{"type":"tool_result","tool_use_id":"call_1","content":"-3 C, snow"}]}]}""".formatted(WEATHER_TOOL));

        assertEquals("tool_use", answer.stopReason());
        assertEquals("get_weather", answer.toolName());
        assertEquals(Json.NODES.objectNode().put("city", "Paris"), answer.toolInput());
        assertFalse(answer.toolId().isBlank(), "a tool_use block has an id the client can answer");
        answer.assertProviderUsage();
        adapter.assertToolRoundTripRequest(fake.lastRequest());
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void imageInput(boolean stream) {
        fake.respondWith(FakeReply.text("A single pixel."));

        Answer answer = send(stream, """
                {"messages":[{"role":"user","content":[{"type":"text","text":"What is this?"},
                 {"type":"image","source":{"type":"base64","media_type":"image/png","data":"%s"}}]}]}""".formatted(IMAGE_BASE64));

        assertEquals("A single pixel.", answer.text());
        answer.assertProviderUsage();
        adapter.assertImageRequest(fake.lastRequest(), "What is this?");
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void stopSequenceAndLengthCut(boolean stream) {
        fake.respondWith(FakeReply.truncated("One two three four five"));

        Answer answer = send(stream, """
                {"stop_sequences":["END"],"max_tokens":5,"messages":[{"role":"user","content":"Count to ten."}]}""");

        assertEquals("One two three four five", answer.text());
        assertEquals("max_tokens", answer.stopReason());
        answer.assertProviderUsage();
        adapter.assertStopAndLimitRequest(fake.lastRequest());
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void providerRateLimitIs429WithRetryAfter(boolean stream) {
        fake.respondWith(FakeReply.rateLimited(7));

        RawHttp.Response response = post(stream, "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

        assertEquals(429, response.status(), response.body());
        assertEquals("7", response.header("Retry-After"));
        assertErrorNamesProvider(response, "rate_limit_error");
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void providerServerErrorIs502NamingTheProvider(boolean stream) {
        fake.respondWith(FakeReply.serverError());

        RawHttp.Response response = post(stream, "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

        assertEquals(502, response.status(), response.body());
        assertErrorNamesProvider(response, "api_error");
    }

    /** Anthropic's own answer to a prompt beyond the context window: a 400 invalid_request_error that says so. */
    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void promptBeyondTheContextWindowIs400InvalidRequest(boolean stream) {
        fake.respondWith(FakeReply.contextTooLong());

        RawHttp.Response response = post(stream, "{\"messages\":[{\"role\":\"user\",\"content\":\"A very long prompt.\"}]}");

        assertEquals(400, response.status(), response.body());
        assertErrorNamesProvider(response, "invalid_request_error");
    }

    @Test
    void streamCutMidwayEndsWithAnErrorEventAndIsMeteredOnce() {
        fake.respondWith(FakeReply.cutAfter(3));
        RecordingUsageMeter meter = gateway.context().getBean(RecordingUsageMeter.class);
        meter.clear();

        RawHttp.Response response = post(true, "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

        assertEquals(200, response.status(), response.body());
        AnthropicEvents events = AnthropicEvents.parse(response.body());
        List<String> names = events.namesWithoutPings();
        assertEquals("message_start", names.getFirst());
        assertEquals("error", names.getLast(), "a cut stream ends with an error event: " + names);
        assertFalse(names.contains("message_stop"), "a cut stream never ends with message_stop: " + names);
        assertFalse(names.contains("message_delta"), "nor claims a stop reason: " + names);
        JsonNode error = events.last("error");
        assertEquals("api_error", error.at("/error/type").asText(), error.toString());
        assertTrue(error.at("/error/message").asText().contains("'" + adapter.providerName() + "'"), error.toString());
        assertFalse(events.text().isEmpty(), "what came before the cut was relayed");
        assertEquals(1, meter.all().size(), "metered exactly once: " + meter.all());
        assertTrue(meter.all().getFirst().usage().completionTokens() > 0, "what was streamed is metered");
    }

    /** Sends the request (model and max_tokens added) and returns the answer, checked for Anthropic's shape. */
    private Answer send(boolean stream, String body) {
        RawHttp.Response response = post(stream, body);
        assertEquals(200, response.status(), response.body());
        assertEquals(adapter.providerName(), response.header("x-llmux-provider"));
        if (!stream) {
            assertTrue(response.contentType().startsWith("application/json"), response.toString());
            return Answer.of(response.json());
        }
        assertTrue(response.contentType().startsWith("text/event-stream"), response.toString());
        return Answer.ofStream(AnthropicEvents.parse(response.body()));
    }

    protected RawHttp.Response post(boolean stream, String body) {
        ObjectNode request;
        try {
            request = (ObjectNode) Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new AssertionError(body, e);
        }
        request.put("model", adapter.model());
        if (!request.has("max_tokens")) {
            request.put("max_tokens", DEFAULT_MAX_TOKENS);
        }
        if (stream) {
            request.put("stream", true);
        }
        return new RawHttp(gateway.uri()).with("x-api-key", GatewayServer.API_KEY).with("anthropic-version", "2023-06-01")
                .post("/v1/messages", request.toString());
    }

    private void assertErrorNamesProvider(RawHttp.Response response, String type) {
        JsonNode body = response.json();
        assertEquals("error", body.path("type").asText(), body.toString());
        assertEquals(type, body.at("/error/type").asText(), body.toString());
        assertTrue(body.at("/error/message").asText().contains("'" + adapter.providerName() + "'"), body.toString());
    }

    /** What a client takes from an answer, whether it came whole or as events. */
    private record Answer(String text, String stopReason, String toolId, String toolName, JsonNode toolInput, JsonNode usage) {

        static Answer of(JsonNode message) {
            assertTrue(message.path("id").asText().startsWith("msg_"), message.toString());
            assertEquals("message", message.path("type").asText());
            assertEquals("assistant", message.path("role").asText());
            StringBuilder text = new StringBuilder();
            String toolId = "";
            String toolName = "";
            JsonNode input = null;
            for (JsonNode block : message.path("content")) {
                switch (block.path("type").asText()) {
                    case "text" -> text.append(block.path("text").asText());
                    case "tool_use" -> {
                        toolId = block.path("id").asText();
                        toolName = block.path("name").asText();
                        input = block.path("input");
                        assertTrue(input.isObject(), "tool input is an object: " + block);
                    }
                    default -> throw new AssertionError("Unexpected block: " + block);
                }
            }
            return new Answer(text.toString(), message.path("stop_reason").asText(null), toolId, toolName, input, message.path("usage"));
        }

        static Answer ofStream(AnthropicEvents events) {
            List<String> names = events.namesWithoutPings();
            assertEquals("message_start", names.getFirst(), names.toString());
            assertEquals(List.of("message_delta", "message_stop"), names.subList(names.size() - 2, names.size()), names.toString());
            String toolId = "";
            String toolName = "";
            JsonNode input = null;
            int open = -1;
            for (int i = 0; i < events.names().size(); i++) {
                JsonNode event = events.data().get(i);
                switch (events.names().get(i)) {
                    case "content_block_start" -> {
                        assertEquals(-1, open, "blocks do not overlap: " + names);
                        open = event.path("index").asInt();
                        JsonNode block = event.path("content_block");
                        if (block.path("type").asText().equals("tool_use")) {
                            toolId = block.path("id").asText();
                            toolName = block.path("name").asText();
                            input = events.toolInput(open);
                        }
                    }
                    case "content_block_delta" -> assertEquals(open, event.path("index").asInt(), "a delta belongs to the open block");
                    case "content_block_stop" -> {
                        assertEquals(open, event.path("index").asInt());
                        open = -1;
                    }
                    default -> {
                    }
                }
            }
            assertEquals(-1, open, "every block is closed");
            JsonNode delta = events.first("message_delta");
            return new Answer(events.text(), delta.at("/delta/stop_reason").asText(null), toolId, toolName, input, delta.path("usage"));
        }

        /** The provider's own counts, relayed in Anthropic's terms. */
        void assertProviderUsage() {
            assertEquals(OpenAiWireFormat.PROMPT_TOKENS, usage.path("input_tokens").asLong(), usage.toString());
            assertEquals(OpenAiWireFormat.COMPLETION_TOKENS, usage.path("output_tokens").asLong(), usage.toString());
        }
    }
}
