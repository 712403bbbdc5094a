package io.llmux.chat.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.core.JsonValue;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import io.llmux.chat.testing.GatewayServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The official OpenAI SDK reads cached answers, streamed and whole, as it reads fresh ones. No
 * Redis here: the in-memory cache, as the local server runs it.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CachedAnswersSdkTest {

    private static GatewayServer gateway;
    private static OpenAIClient client;

    @BeforeAll
    static void start() {
        gateway = GatewayServer.start(Map.of("llmux.cache.enabled", "true"));
        client = OpenAIOkHttpClient.builder().baseUrl(gateway.baseUrl()).apiKey(GatewayServer.API_KEY)
                .maxRetries(0).timeout(Duration.ofSeconds(20)).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        gateway.close();
    }

    private record Streamed(String text, List<ChatCompletionChunk> chunks) {
    }

    private static Streamed stream(ChatCompletionCreateParams params) {
        StringBuilder text = new StringBuilder();
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
            stream.stream().forEach(chunk -> {
                chunks.add(chunk);
                chunk.choices().forEach(choice -> choice.delta().content().ifPresent(text::append));
            });
        }
        return new Streamed(text.toString(), chunks);
    }

    @Test
    void aStreamedHitReadsLikeTheOriginalStream() {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("mock-chat")
                .addUserMessage("Remember me " + UUID.randomUUID())
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
        Streamed original = stream(params);
        Streamed replay = stream(params);

        assertTrue(original.text().startsWith("This is a mock reply from LLMux."), original.text());
        assertEquals(original.text(), replay.text());
        assertEquals(original.chunks().getFirst().id(), replay.chunks().getFirst().id(), "the replay is the stored answer");
        CompletionUsage usage = replay.chunks().getLast().usage().orElseThrow();
        // Tokens as the original reported them; llmux_cost is each answer's own cost (0 for the hit).
        assertEquals(original.chunks().getLast().usage().orElseThrow().toBuilder().removeAdditionalProperty("llmux_cost").build(),
                usage.toBuilder().removeAdditionalProperty("llmux_cost").build());
        assertEquals(JsonValue.from("0.000000"), usage._additionalProperties().get("llmux_cost"));
        assertTrue(replay.chunks().getLast().choices().isEmpty());
    }

    @Test
    void aWholeHitIsTheStoredCompletion() {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("mock-chat")
                .addUserMessage("Once " + UUID.randomUUID()).build();
        ChatCompletion first = client.chat().completions().create(params);
        ChatCompletion second = client.chat().completions().create(params);
        assertEquals(first.id(), second.id());
        assertEquals(first.choices().getFirst().message().content(), second.choices().getFirst().message().content());

        ChatCompletion other = client.chat().completions().create(params.toBuilder().temperature(0.9).build());
        assertNotEquals(first.id(), other.id(), "another temperature is another entry");
    }
}
