package io.llmux.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.NotFoundException;
import com.openai.errors.RateLimitException;
import com.openai.errors.SseException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.completions.CompletionUsage;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import io.llmux.chat.testing.FakeUpstreamGateway;
import io.llmux.chat.testing.GatewayServer;
import io.llmux.testing.FakeReply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The official OpenAI Java SDK against a running gateway, as an application would use it: only
 * the base URL changes. The mock provider answers the happy paths; a fake OpenAI upstream supplies
 * the faults, which must surface as the SDK's own typed exceptions.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OpenAiSdkTest {

    private static final String MOCK_REPLY = "This is a mock reply from LLMux. You said: ";

    private static FakeUpstreamGateway upstream;
    private static OpenAIClient client;

    @BeforeAll
    static void start() {
        upstream = FakeUpstreamGateway.start("sk-proj-OpenAiSdkTest-upstream-key");
        client = OpenAIOkHttpClient.builder()
                .baseUrl(upstream.gateway().baseUrl())
                .apiKey(GatewayServer.API_KEY)
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

    @Test
    void chatCompletion() {
        ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("mock-chat")
                .addUserMessage("Hello, SDK")
                .build());

        assertEquals(MOCK_REPLY + "Hello, SDK", completion.choices().getFirst().message().content().orElseThrow());
        assertEquals(ChatCompletion.Choice.FinishReason.STOP, completion.choices().getFirst().finishReason());
        assertTrue(completion.usage().orElseThrow().promptTokens() > 0);
    }

    @Test
    void streamingWithIncludeUsage() {
        StringBuilder text = new StringBuilder();
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder()
                        .model("mock-chat")
                        .addUserMessage("Stream, please")
                        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                        .build())) {
            stream.stream().forEach(chunk -> {
                chunks.add(chunk);
                chunk.choices().forEach(choice -> choice.delta().content().ifPresent(text::append));
            });
        }

        assertEquals(MOCK_REPLY + "Stream, please", text.toString());
        ChatCompletionChunk last = chunks.getLast();
        assertTrue(last.choices().isEmpty(), "the usage chunk has no choices");
        CompletionUsage usage = last.usage().orElseThrow();
        assertTrue(usage.promptTokens() > 0 && usage.completionTokens() > 0, usage.toString());
        assertEquals(usage.promptTokens() + usage.completionTokens(), usage.totalTokens());
        chunks.subList(0, chunks.size() - 1).forEach(chunk -> assertTrue(chunk.usage().isEmpty(), chunk.toString()));
    }

    @Test
    void toolCallRoundTrip() {
        ChatCompletionCreateParams.Builder conversation = ChatCompletionCreateParams.builder()
                .model("mock-chat")
                .addUserMessage("What is the weather in Paris?")
                .addTool(ChatCompletionFunctionTool.builder()
                        .function(FunctionDefinition.builder()
                                .name("get_weather")
                                .description("Current weather in a city")
                                .parameters(FunctionParameters.builder()
                                        .putAdditionalProperty("type", JsonValue.from("object"))
                                        .putAdditionalProperty("properties", JsonValue.from(java.util.Map.of(
                                                "city", java.util.Map.of("type", "string"))))
                                        .build())
                                .build())
                        .build());

        ChatCompletion first = client.chat().completions().create(conversation.build());
        ChatCompletionMessage assistant = first.choices().getFirst().message();
        ChatCompletionMessageFunctionToolCall call = assistant.toolCalls().orElseThrow().getFirst().asFunction();
        assertEquals("get_weather", call.function().name());
        assertEquals(ChatCompletion.Choice.FinishReason.TOOL_CALLS, first.choices().getFirst().finishReason());

        ChatCompletion answer = client.chat().completions().create(conversation
                .addMessage(assistant)
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.id()).content("18 degrees, sunny").build())
                .build());

        String text = answer.choices().getFirst().message().content().orElseThrow();
        assertTrue(text.startsWith("The tool returned:"), text);
        assertTrue(text.contains("18 degrees, sunny"), text);
    }

    @Test
    void embeddings() {
        CreateEmbeddingResponse response = client.embeddings().create(EmbeddingCreateParams.builder()
                .model("mock-embedding")
                .inputOfArrayOfStrings(List.of("first", "second"))
                .build());

        assertEquals(2, response.data().size());
        assertEquals(1, response.data().get(1).index());
        assertFalse(response.data().getFirst().embedding().isEmpty());
        assertTrue(response.usage().promptTokens() > 0);
    }

    @Test
    void modelsList() {
        List<String> ids = client.models().list().data().stream().map(Model::id).toList();

        assertTrue(ids.containsAll(List.of("mock-chat", "mock-embedding", "gpt-4o-mini")), ids.toString());
        Model mock = client.models().retrieve("mock-chat");
        assertEquals("mock", mock.ownedBy());
    }

    @Test
    void unknownModelIsNotFound() {
        NotFoundException e = assertThrows(NotFoundException.class, () -> client.chat().completions().create(
                ChatCompletionCreateParams.builder().model("no-such-model").addUserMessage("Hi").build()));

        assertEquals(404, e.statusCode());
        assertEquals("model_not_found", e.code().orElse(null));
    }

    @Test
    void invalidTemperatureIsBadRequestNamingTheParam() {
        BadRequestException e = assertThrows(BadRequestException.class, () -> client.chat().completions().create(
                ChatCompletionCreateParams.builder().model("mock-chat").addUserMessage("Hi").temperature(9.0).build()));

        assertEquals("temperature", e.param().orElse(null));
        assertEquals("invalid_request_error", e.type().orElse(null));
    }

    @Test
    void upstreamRateLimitIsRateLimitException() {
        upstream.fake().respondWith(FakeReply.rateLimited(3));

        RateLimitException e = assertThrows(RateLimitException.class, () -> client.chat().completions().create(
                ChatCompletionCreateParams.builder().model("openai/gpt-4o-mini").addUserMessage("Hi").build()));

        assertEquals("3", e.headers().values("Retry-After").getFirst());
    }

    @Test
    void upstreamServerErrorIsInternalServerExceptionWith502() {
        upstream.fake().respondWith(FakeReply.serverError());

        // The SDK has no class of its own for 502: every 5xx is an InternalServerException.
        InternalServerException e = assertThrows(InternalServerException.class, () -> client.chat().completions().create(
                ChatCompletionCreateParams.builder().model("openai/gpt-4o-mini").addUserMessage("Hi").build()));

        assertEquals(502, e.statusCode());
        assertTrue(e.getMessage().contains("'openai'"), e.getMessage());
    }

    @Test
    void midStreamFailureMakesTheStreamThrow() {
        upstream.fake().respondWith(FakeReply.cutAfter(2));
        StringBuilder text = new StringBuilder();

        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("openai/gpt-4o-mini").addUserMessage("Hi").build())) {
            SseException e = assertThrows(SseException.class, () -> stream.stream().forEach(chunk ->
                    chunk.choices().forEach(choice -> choice.delta().content().ifPresent(text::append))));
            assertEquals("upstream_error", e.type().orElse(null));
        }

        assertEquals("The quick", text.toString(), "the chunks before the cut still arrived");
    }
}
