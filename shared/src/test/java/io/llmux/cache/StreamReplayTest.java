package io.llmux.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.json.Json;
import io.llmux.openai.ChatRequestParser;
import io.llmux.provider.Deployment;
import io.llmux.provider.ModelInfo;
import io.llmux.provider.ModelRouter;
import io.llmux.provider.ProviderCall;
import io.llmux.provider.ProviderRegistry;
import io.llmux.provider.mock.MockProvider;
import io.llmux.testing.OpenApiContract;
import io.llmux.tokens.TokenCounter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A stream assembled into a completion is the completion a non-streamed call returns, and a
 * replay of it assembles back to the same completion; every replayed chunk is valid per OpenAI's spec.
 */
class StreamReplayTest {

    private static final Deployment MOCK = new ModelRouter(new ProviderRegistry(List.of(new MockProvider(new TokenCounter(), Duration.ZERO))))
            .resolve("mock-chat", ModelInfo.Kind.CHAT);

    @ParameterizedTest
    @ValueSource(strings = {"", ",\"n\":2", ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"lookup\",\"parameters\":{\"type\":\"object\"}}}]"})
    void assembleReplayAssembleIsStable(String extra) {
        ProviderCall call = new ProviderCall(ChatRequestParser.parse(("{\"model\":\"mock-chat\",\"stream\":true,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"tell me\"}]" + extra + "}").getBytes(StandardCharsets.UTF_8)), MOCK.upstreamModel());
        CompletionAssembler assembler = new CompletionAssembler();
        MOCK.provider().stream(call).join().chunks().doOnNext(assembler::add).blockLast();
        ObjectNode assembled = assembler.completion(null);
        assertTrue(CachedCompletion.isComplete(assembled), assembled::toString);
        OpenApiContract.assertValid("CreateChatCompletionResponse", assembled);

        ObjectNode whole = MOCK.provider().complete(call).join().body();
        assertEquals(whole.get("choices").size(), assembled.get("choices").size());
        for (int i = 0; i < whole.get("choices").size(); i++) {
            assertEquals(whole.at("/choices/" + i + "/message/content"), assembled.at("/choices/" + i + "/message/content"));
            assertEquals(whole.at("/choices/" + i + "/message/tool_calls"), assembled.at("/choices/" + i + "/message/tool_calls"));
            assertEquals(whole.at("/choices/" + i + "/finish_reason"), assembled.at("/choices/" + i + "/finish_reason"));
        }
        assertEquals(whole.get("usage"), assembled.get("usage"));

        List<ObjectNode> replay = CachedStreamReplay.chunks(assembled, true);
        replay.forEach(chunk -> OpenApiContract.assertValid("CreateChatCompletionStreamResponse", chunk));
        CompletionAssembler again = new CompletionAssembler();
        replay.forEach(again::add);
        assertEquals(assembled, again.completion(null));
        assertFalse(CachedStreamReplay.chunks(assembled, false).stream().anyMatch(chunk -> chunk.has("usage")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"choices\":[]}", "{\"choices\":[{\"index\":0,\"finish_reason\":null}]}",
            "{\"choices\":[{\"index\":0,\"finish_reason\":\"stop\"},{\"index\":1}]}", "{}"})
    void incompleteCompletionsAreNotComplete(String json) throws Exception {
        assertFalse(CachedCompletion.isComplete(Json.MAPPER.readTree(json)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "{}", "{\"completion\":[],\"usage\":{}}", "{\"completion\":{},\"usage\":{\"source\":\"NOPE\"}}"})
    void damagedEntriesReadAsMisses(String stored) {
        assertEquals(null, CachedCompletion.fromBytes(stored.getBytes(StandardCharsets.UTF_8)));
    }
}
