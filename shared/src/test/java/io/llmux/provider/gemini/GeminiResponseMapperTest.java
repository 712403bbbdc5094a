package io.llmux.provider.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.json.Json;
import io.llmux.testing.OpenApiContract;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class GeminiResponseMapperTest {

    private static JsonNode map(String response) throws Exception {
        JsonNode completion = GeminiResponseMapper.completion(Json.MAPPER.readTree(response), "gemini-2.5-flash", "chatcmpl-1", 1_750_000_000L);
        OpenApiContract.assertValid("CreateChatCompletionResponse", completion);
        return completion;
    }

    @Test
    void textThoughtsAndUsageIncludingThinkingAndCachedTokens() throws Exception {
        JsonNode completion = map("""
                {"candidates":[{"content":{"role":"model","parts":[{"text":"Let me think","thought":true},{"text":"Hello"},{"text":" there"}]},
                  "finishReason":"STOP","index":0}],
                 "usageMetadata":{"promptTokenCount":100,"candidatesTokenCount":20,"thoughtsTokenCount":30,
                  "cachedContentTokenCount":40,"totalTokenCount":150},"modelVersion":"gemini-2.5-flash-001"}""");
        assertEquals("Hello there", completion.at("/choices/0/message/content").asText(), "thought summaries are not content");
        assertEquals("stop", completion.at("/choices/0/finish_reason").asText());
        assertEquals("gemini-2.5-flash-001", completion.path("model").asText());
        JsonNode usage = completion.path("usage");
        assertEquals(100, usage.path("prompt_tokens").asLong());
        assertEquals(50, usage.path("completion_tokens").asLong(), "thinking is output the caller pays for");
        assertEquals(150, usage.path("total_tokens").asLong());
        assertEquals(30, usage.at("/completion_tokens_details/reasoning_tokens").asLong());
        assertEquals(40, usage.at("/prompt_tokens_details/cached_tokens").asLong());
    }

    @Test
    void functionCallsBecomeToolCallsWithStableIds() throws Exception {
        JsonNode completion = map("""
                {"candidates":[{"content":{"role":"model","parts":[
                  {"functionCall":{"name":"weather","args":{"city":"Oslo"}}},
                  {"functionCall":{"name":"time","args":{}}}]},"finishReason":"STOP","index":0}]}""");
        JsonNode message = completion.at("/choices/0/message");
        assertTrue(message.path("content").isNull());
        assertEquals("tool_calls", completion.at("/choices/0/finish_reason").asText());
        assertEquals("call_0", message.at("/tool_calls/0/id").asText());
        assertEquals("weather", message.at("/tool_calls/0/function/name").asText());
        assertEquals("{\"city\":\"Oslo\"}", message.at("/tool_calls/0/function/arguments").asText());
        assertEquals("call_1", message.at("/tool_calls/1/id").asText());
    }

    @ParameterizedTest
    @CsvSource({"STOP,stop", "MAX_TOKENS,length", "SAFETY,content_filter", "RECITATION,content_filter",
            "BLOCKLIST,content_filter", "PROHIBITED_CONTENT,content_filter", "SPII,content_filter", "OTHER,stop"})
    void finishReasons(String gemini, String openAi) throws Exception {
        JsonNode completion = map("""
                {"candidates":[{"content":{"role":"model","parts":[{"text":"x"}]},"finishReason":"%s","index":0}]}""".formatted(gemini));
        assertEquals(openAi, completion.at("/choices/0/finish_reason").asText());
    }

    @Test
    void aBlockedPromptIsAnEmptyAnswerFilteredByContentFilter() throws Exception {
        JsonNode completion = map("""
                {"promptFeedback":{"blockReason":"SAFETY","safetyRatings":[]},"usageMetadata":{"promptTokenCount":9,"totalTokenCount":9}}""");
        assertEquals("content_filter", completion.at("/choices/0/finish_reason").asText());
        assertEquals("", completion.at("/choices/0/message/content").asText());
        assertEquals(9, completion.at("/usage/prompt_tokens").asLong());
        assertEquals(0, completion.at("/usage/completion_tokens").asLong());
    }

    @Test
    void candidatesBecomeChoicesInOrder() throws Exception {
        JsonNode completion = map("""
                {"candidates":[{"content":{"role":"model","parts":[{"text":"one"}]},"finishReason":"STOP","index":0},
                 {"content":{"role":"model","parts":[{"text":"two"}]},"finishReason":"MAX_TOKENS","index":1}]}""");
        assertEquals("two", completion.at("/choices/1/message/content").asText());
        assertEquals(1, completion.at("/choices/1/index").asInt());
        assertEquals("length", completion.at("/choices/1/finish_reason").asText());
    }
}
