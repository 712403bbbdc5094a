package io.llmux.provider.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.error.GatewayException;
import io.llmux.json.Json;
import io.llmux.provider.ChatCompletion;
import io.llmux.testing.OpenApiContract;
import io.llmux.tokens.UsageSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnthropicResponseMapperTest {

    private final AnthropicResponseMapper mapper = new AnthropicResponseMapper(new AnthropicErrorMapper("anthropic", "sk-ant-key"));

    private static JsonNode json(String text) throws Exception {
        return Json.MAPPER.readTree(text);
    }

    @Test
    void thinkingTextAndToolUseMapToOpenAiFields() throws Exception {
        ChatCompletion completion = mapper.completion(json("""
                {"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
                 "content":[{"type":"thinking","thinking":"The user wants weather.","signature":"c2ln"},
                  {"type":"redacted_thinking","data":"ZW5j"},
                  {"type":"text","text":"Let me check."},
                  {"type":"tool_use","id":"toolu_01","name":"get_weather","input":{"city":"Oslo","days":[1,2]}}],
                 "stop_reason":"tool_use","stop_sequence":null,
                 "usage":{"input_tokens":10,"output_tokens":20,"cache_creation_input_tokens":null,"cache_read_input_tokens":null}}"""));

        JsonNode body = completion.body();
        OpenApiContract.assertValid("CreateChatCompletionResponse", body);
        JsonNode message = body.at("/choices/0/message");
        assertEquals("Let me check.", message.path("content").asText());
        assertEquals("The user wants weather.", message.path("reasoning_content").asText());
        assertEquals(2, message.path("thinking_blocks").size());
        assertEquals("c2ln", message.at("/thinking_blocks/0/signature").asText());
        assertEquals("redacted_thinking", message.at("/thinking_blocks/1/type").asText());
        JsonNode call = message.at("/tool_calls/0");
        assertEquals("toolu_01", call.path("id").asText());
        assertEquals("function", call.path("type").asText());
        assertEquals("get_weather", call.at("/function/name").asText());
        assertEquals(json("{\"city\":\"Oslo\",\"days\":[1,2]}"), json(call.at("/function/arguments").asText()),
                "arguments are a JSON string, as OpenAI clients parse them");
        assertEquals("tool_calls", body.at("/choices/0/finish_reason").asText());
        assertEquals("claude-sonnet-4-5-20250929", body.path("model").asText());
        assertEquals(30, body.at("/usage/total_tokens").asLong());
    }

    @Test
    void aToolCallWithoutTextHasNullContent() throws Exception {
        JsonNode message = mapper.completion(json("""
                {"id":"msg_2","type":"message","role":"assistant","model":"m","stop_reason":"tool_use",
                 "content":[{"type":"tool_use","id":"toolu_02","name":"f","input":{}}],
                 "usage":{"input_tokens":1,"output_tokens":1}}""")).body().at("/choices/0/message");
        assertTrue(message.path("content").isNull());
        assertEquals("{}", message.at("/tool_calls/0/function/arguments").asText());
        assertTrue(message.path("reasoning_content").isMissingNode());
    }

    @Test
    void promptCachingUsageAddsUpToThePromptWithReadsAndWritesApart() throws Exception {
        ChatCompletion completion = mapper.completion(json("""
                {"id":"msg_3","type":"message","role":"assistant","model":"m","stop_reason":"end_turn",
                 "content":[{"type":"text","text":"ok"}],
                 "usage":{"input_tokens":100,"cache_read_input_tokens":1000,"cache_creation_input_tokens":500,"output_tokens":50,
                  "cache_creation":{"ephemeral_5m_input_tokens":500,"ephemeral_1h_input_tokens":0}}}"""));

        JsonNode usage = completion.body().path("usage");
        assertEquals(1600, usage.path("prompt_tokens").asLong());
        assertEquals(50, usage.path("completion_tokens").asLong());
        assertEquals(1650, usage.path("total_tokens").asLong());
        assertEquals(1000, usage.at("/prompt_tokens_details/cached_tokens").asLong());
        assertEquals(500, usage.path("cache_creation_input_tokens").asLong());
        assertEquals(1000, usage.path("cache_read_input_tokens").asLong());
        assertEquals(1600, completion.usage().promptTokens());
        assertEquals(1000, completion.usage().cachedPromptTokens());
        assertEquals(500, completion.usage().cacheCreationTokens());
        assertEquals(50, completion.usage().completionTokens());
        assertEquals(UsageSource.PROVIDER, completion.usage().source());
    }

    @Test
    void withoutAUsageReportTheGatewayCountsItself() throws Exception {
        ChatCompletion completion = mapper.completion(json("""
                {"id":"msg_4","type":"message","role":"assistant","model":"m","stop_reason":"end_turn",
                 "content":[{"type":"text","text":"ok"}]}"""));
        assertNull(completion.usage());
        assertTrue(completion.body().path("usage").isMissingNode());
    }

    @ParameterizedTest
    @CsvSource({"end_turn,stop", "stop_sequence,stop", "max_tokens,length", "model_context_window_exceeded,length",
            "tool_use,tool_calls", "refusal,content_filter", "pause_turn,stop", "something_new,stop"})
    void stopReasonsMapToFinishReasons(String stopReason, String finishReason) throws Exception {
        assertEquals(finishReason, AnthropicResponseMapper.finishReason(stopReason));
        JsonNode body = mapper.completion(json("""
                {"id":"msg_5","type":"message","role":"assistant","model":"m","stop_reason":"%s",
                 "content":[{"type":"text","text":"x"}],"usage":{"input_tokens":1,"output_tokens":1}}""".formatted(stopReason))).body();
        assertEquals(finishReason, body.at("/choices/0/finish_reason").asText());
    }

    @Test
    void aBodyThatIsNotAMessageIsAMalformedAnswer() throws Exception {
        GatewayException e = assertThrows(GatewayException.class, () -> mapper.completion(json("{\"type\":\"message\"}")));
        assertEquals(502, e.status());
        assertEquals("provider_bad_response", e.code());
    }
}
