package io.llmux.chat.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.errors.NotFoundException;
import com.anthropic.errors.RateLimitException;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.chat.testing.FakeUpstreamGateway;
import io.llmux.chat.testing.GatewayServer;
import io.llmux.testing.FakeReply;
import io.llmux.testing.OpenAiWireFormat;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The official Anthropic Java SDK against a running gateway, as an application (or a coding agent
 * given ANTHROPIC_BASE_URL) uses it: only the base URL and the key change. Each scenario runs
 * against the built-in mock provider and against a fake OpenAI upstream, so the translation both
 * ways is exercised with a real provider adapter in the middle.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AnthropicSdkTest {

    private static final String MOCK = "mock-chat";
    private static final String OPENAI = "openai/gpt-4o-mini";
    private static final String MOCK_REPLY = "This is a mock reply from LLMux. You said: ";

    private static FakeUpstreamGateway upstream;
    private static AnthropicClient client;

    @BeforeAll
    static void start() {
        upstream = FakeUpstreamGateway.start("sk-proj-AnthropicSdkTest-upstream-key");
        client = sdk(GatewayServer.API_KEY);
    }

    private static AnthropicClient sdk(String key) {
        return AnthropicOkHttpClient.builder()
                .baseUrl(upstream.gateway().uri().toString())
                .apiKey(key)
                // A retry would hide which answer the gateway gave, and double the fake's requests.
                .maxRetries(0)
                .timeout(Duration.ofSeconds(20))
                .build();
    }

    @AfterAll
    static void stop() {
        client.close();
        upstream.close();
    }

    @BeforeEach
    void resetFake() {
        upstream.fake().reset();
    }

    private static Tool weatherTool() {
        return Tool.builder()
                .name("get_weather")
                .description("Current weather in a city")
                .inputSchema(Tool.InputSchema.builder()
                        .properties(JsonValue.from(Map.of("city", Map.of("type", "string"))))
                        .required(List.of("city"))
                        .build())
                .build();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {MOCK, OPENAI})
    void aMessage(String model) {
        upstream.fake().respondWith(FakeReply.text("Hello from the fake OpenAI."));

        Message message = client.messages().create(MessageCreateParams.builder()
                .model(model)
                .maxTokens(256)
                .system("You are terse.")
                .addUserMessage("Hello, SDK")
                .build());

        String expected = model.equals(MOCK) ? MOCK_REPLY + "Hello, SDK" : "Hello from the fake OpenAI.";
        assertEquals(expected, message.content().getFirst().asText().text());
        assertEquals(StopReason.END_TURN, message.stopReason().orElseThrow());
        assertTrue(message.id().startsWith("msg_"), message.id());
        assertEquals(model, message.model().asString());
        assertUsage(model, message);
        if (model.equals(OPENAI)) {
            JsonNode upstreamBody = upstream.fake().lastRequest().json();
            assertEquals("system", upstreamBody.at("/messages/0/role").asText());
            assertEquals("You are terse.", upstreamBody.at("/messages/0/content").asText());
            assertEquals(256, upstreamBody.path("max_completion_tokens").asInt());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {MOCK, OPENAI})
    void aStreamAssembledByTheSdksAccumulator(String model) {
        upstream.fake().respondWith(FakeReply.text("Streamed from the fake OpenAI."));
        MessageAccumulator accumulator = MessageAccumulator.create();

        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(MessageCreateParams.builder()
                .model(model)
                .maxTokens(256)
                .addUserMessage("Stream, please")
                .build())) {
            stream.stream().forEach(accumulator::accumulate);
        }

        Message message = accumulator.message();
        String expected = model.equals(MOCK) ? MOCK_REPLY + "Stream, please" : "Streamed from the fake OpenAI.";
        assertEquals(1, message.content().size(), message.toString());
        assertEquals(expected, message.content().getFirst().asText().text());
        assertEquals(StopReason.END_TURN, message.stopReason().orElseThrow());
        assertUsage(model, message);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {MOCK, OPENAI})
    void aToolUseAndItsResult(String model) {
        upstream.fake().respondWith(FakeReply.toolCall("get_weather", "{\"city\":\"Oslo\"}"));
        MessageCreateParams.Builder conversation = MessageCreateParams.builder()
                .model(model)
                .maxTokens(256)
                .addTool(weatherTool())
                .addUserMessage("What is the weather in Oslo?");

        Message first = client.messages().create(conversation.build());

        assertEquals(StopReason.TOOL_USE, first.stopReason().orElseThrow());
        ToolUseBlock call = first.content().stream().filter(ContentBlock::isToolUse).findFirst().orElseThrow().asToolUse();
        assertEquals("get_weather", call.name());
        Map<?, ?> input = call._input().convert(Map.class);
        assertEquals(model.equals(MOCK) ? "mock" : "Oslo", input.get("city"), "input arrives as a parsed object: " + call);

        upstream.fake().respondWith(FakeReply.text("It is -3 C and snowing in Oslo."));
        Message answer = client.messages().create(conversation
                .addMessage(first.toParam())
                .addUserMessageOfContentBlockParams(List.of(ContentBlockParam.ofToolResult(ToolResultBlockParam.builder()
                        .toolUseId(call.id())
                        .content("-3 C, snow")
                        .build())))
                .build());

        String text = answer.content().getFirst().asText().text();
        assertEquals(StopReason.END_TURN, answer.stopReason().orElseThrow());
        if (model.equals(MOCK)) {
            assertEquals("The tool returned: -3 C, snow", text);
        } else {
            assertEquals("It is -3 C and snowing in Oslo.", text);
            JsonNode messages = upstream.fake().lastRequest().json().path("messages");
            assertEquals(call.id(), messages.at("/1/tool_calls/0/id").asText(), messages.toString());
            assertEquals("{\"city\":\"Oslo\"}", messages.at("/1/tool_calls/0/function/arguments").asText());
            assertEquals("tool", messages.at("/2/role").asText());
            assertEquals(call.id(), messages.at("/2/tool_call_id").asText());
            assertEquals("-3 C, snow", messages.at("/2/content").asText());
        }
    }

    @Test
    void aStreamedToolUseIsAssembledWithItsInput() {
        upstream.fake().respondWith(FakeReply.toolCall("get_weather", "{\"city\":\"Paris\"}"));
        MessageAccumulator accumulator = MessageAccumulator.create();

        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(MessageCreateParams.builder()
                .model(OPENAI)
                .maxTokens(256)
                .addTool(weatherTool())
                .addUserMessage("Weather in Paris?")
                .build())) {
            stream.stream().forEach(accumulator::accumulate);
        }

        Message message = accumulator.message();
        assertEquals(StopReason.TOOL_USE, message.stopReason().orElseThrow());
        ToolUseBlock call = message.content().getFirst().asToolUse();
        assertEquals("get_weather", call.name());
        assertEquals("Paris", call._input().convert(Map.class).get("city"));
    }

    @Test
    void failuresAreTheSdksTypedExceptions() {
        AnthropicClient stranger = sdk("llmux-sk-not-a-key-of-this-gateway-0000");
        try {
            UnauthorizedException unauthorized = assertThrows(UnauthorizedException.class, () -> stranger.messages().create(
                    MessageCreateParams.builder().model(MOCK).maxTokens(16).addUserMessage("Hi").build()));
            assertFalse(unauthorized.getMessage().contains("llmux-sk-not-a-key"), unauthorized.getMessage());
        } finally {
            stranger.close();
        }
        assertThrows(NotFoundException.class, () -> client.messages().create(
                MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(16).addUserMessage("Hi").build()));

        upstream.fake().respondWith(FakeReply.rateLimited(7));
        RateLimitException limited = assertThrows(RateLimitException.class, () -> client.messages().create(
                MessageCreateParams.builder().model(OPENAI).maxTokens(16).addUserMessage("Hi").build()));
        assertEquals("7", limited.headers().values("Retry-After").getFirst());

        upstream.fake().respondWith(FakeReply.cutAfter(3));
        AnthropicServiceException cut = assertThrows(AnthropicServiceException.class, () -> {
            try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(
                    MessageCreateParams.builder().model(OPENAI).maxTokens(64).addUserMessage("Hi").build())) {
                stream.stream().forEach(event -> { });
            }
        });
        assertTrue(cut.getMessage().contains("openai"), "a cut stream surfaces as an error naming the provider: " + cut.getMessage());
    }

    private static void assertUsage(String model, Message message) {
        if (model.equals(OPENAI)) {
            assertEquals(OpenAiWireFormat.PROMPT_TOKENS, message.usage().inputTokens(), message.usage().toString());
            assertEquals(OpenAiWireFormat.COMPLETION_TOKENS, message.usage().outputTokens(), message.usage().toString());
        } else {
            assertTrue(message.usage().inputTokens() > 0, message.usage().toString());
            assertTrue(message.usage().outputTokens() > 0, message.usage().toString());
        }
        assertEquals(0L, message.usage().cacheReadInputTokens().orElseThrow());
    }
}
