package io.llmux.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.error.GatewayException;
import io.llmux.json.Json;
import io.llmux.openai.ChatRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** The translation both ways, on the cases the end-to-end tests cannot reach with their fakes. */
class AnthropicTranslationTest {

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new AssertionError(text, e);
        }
    }

    private static ChatRequest parse(String body) {
        return AnthropicRequestParser.parseMessages(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyFieldLandsWhereTheCanonicalRequestWantsIt() {
        ChatRequest request = parse("""
                {"model":"openai/gpt-4o","max_tokens":3000,"stream":true,"temperature":0.2,"top_p":0.9,"top_k":40,
                 "stop_sequences":["END"],"metadata":{"user_id":"u-42"},
                 "thinking":{"type":"enabled","budget_tokens":1024},
                 "system":[{"type":"text","text":"Rule one."},{"type":"text","text":"Rule two.","cache_control":{"type":"ephemeral"}}],
                 "tools":[{"name":"f","description":"d","input_schema":{"type":"object"},"cache_control":{"type":"ephemeral"}}],
                 "tool_choice":{"type":"any","disable_parallel_tool_use":true},
                 "messages":[{"role":"user","content":[
                   {"type":"text","text":"Look:"},
                   {"type":"image","source":{"type":"url","url":"https://example.com/a.png"}},
                   {"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"JVBERi0="},"title":"spec.pdf"}]}]}""");
        JsonNode raw = request.raw();

        assertEquals(3000, raw.path("max_completion_tokens").asInt());
        assertTrue(request.stream());
        assertTrue(request.includeUsage(), "a stream always asks for usage: Anthropic's stream always ends with it");
        assertEquals(0.2, raw.path("temperature").asDouble());
        assertEquals(0.9, raw.path("top_p").asDouble());
        assertEquals(40, raw.path("top_k").asInt());
        assertEquals("END", raw.at("/stop/0").asText());
        assertEquals("u-42", raw.path("user").asText());
        assertEquals(1024, raw.at("/thinking/budget_tokens").asInt());
        assertFalse(raw.has("metadata"), "Anthropic's metadata is not OpenAI's");
        assertEquals("system", raw.at("/messages/0/role").asText());
        assertEquals("Rule one.\nRule two.", raw.at("/messages/0/content").asText());
        assertEquals("f", raw.at("/tools/0/function/name").asText());
        assertEquals("object", raw.at("/tools/0/function/parameters/type").asText());
        assertEquals("required", raw.path("tool_choice").asText());
        assertFalse(raw.path("parallel_tool_calls").asBoolean(true));
        JsonNode parts = raw.at("/messages/1/content");
        assertEquals("Look:", parts.at("/0/text").asText());
        assertEquals("https://example.com/a.png", parts.at("/1/image_url/url").asText());
        assertEquals("data:application/pdf;base64,JVBERi0=", parts.at("/2/file/file_data").asText());
        assertEquals("spec.pdf", parts.at("/2/file/filename").asText());
        assertFalse(raw.toString().contains("cache_control"), raw.toString());
    }

    @Test
    void toolResultsBecomeToolMessagesBeforeTheRestOfTheTurn() {
        ChatRequest request = parse("""
                {"model":"m","max_tokens":10,"messages":[
                 {"role":"user","content":"Go"},
                 {"role":"assistant","content":[{"type":"thinking","thinking":"hmm","signature":"sig"},{"type":"text","text":"Calling."},
                   {"type":"tool_use","id":"t1","name":"a","input":{"x":1}},{"type":"tool_use","id":"t2","name":"b","input":{}}]},
                 {"role":"user","content":[
                   {"type":"tool_result","tool_use_id":"t1","content":[{"type":"text","text":"line 1"},{"type":"text","text":"line 2"},
                     {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBO"}}]},
                   {"type":"tool_result","tool_use_id":"t2","is_error":true,"content":"disk full"},
                   {"type":"text","text":"Now summarise."}]}]}""");
        JsonNode messages = request.raw().path("messages");

        assertEquals("Calling.", messages.at("/1/content").asText(), "thinking is not sent back to an OpenAI-format provider");
        assertEquals("{\"x\":1}", messages.at("/1/tool_calls/0/function/arguments").asText());
        assertEquals("t2", messages.at("/1/tool_calls/1/id").asText());
        assertEquals("tool", messages.at("/2/role").asText());
        assertEquals("line 1\nline 2", messages.at("/2/content").asText());
        assertEquals("Error: disk full", messages.at("/3/content").asText(), "the model must learn the call failed");
        assertEquals("user", messages.at("/4/role").asText());
        assertEquals("data:image/png;base64,iVBO", messages.at("/4/content/0/image_url/url").asText(), "the result's image follows");
        assertEquals("Now summarise.", messages.at("/4/content/1/text").asText());
        assertEquals(5, messages.size());
    }

    @Test
    void countTokensNeedsNoMaxTokensButMessagesDoes() {
        byte[] body = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}".getBytes(StandardCharsets.UTF_8);
        assertEquals("m", AnthropicRequestParser.parseCountTokens(body).model());
        GatewayException missing = assertThrows(GatewayException.class, () -> AnthropicRequestParser.parseMessages(body));
        assertEquals("max_tokens: Field required.", missing.getMessage());
        assertEquals("max_tokens", missing.param());
    }

    @Test
    void aWholeCompletionBecomesAMessage() {
        ObjectNode message = AnthropicResponseMapper.message(json("""
                {"id":"chatcmpl-1","choices":[{"index":0,"finish_reason":"tool_calls","message":{"role":"assistant",
                  "reasoning_content":"Let me think.","content":"Checking.","tool_calls":[
                  {"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Oslo\\"}"}},
                  {"id":"call_2","type":"function","function":{"name":"broken","arguments":"{not json"}}]}}],
                 "usage":{"prompt_tokens":100,"completion_tokens":20,"prompt_tokens_details":{"cached_tokens":60},
                  "cache_creation_input_tokens":30}}"""), "claude-alias", null);

        assertEquals("claude-alias", message.path("model").asText());
        assertEquals(List.of("thinking", "text", "tool_use", "tool_use"),
                message.path("content").valueStream().map(b -> b.path("type").asText()).toList());
        assertEquals("Oslo", message.at("/content/2/input/city").asText());
        assertEquals("{not json", message.at("/content/3/input/_unparsed_arguments").asText(), "nothing the model wrote is lost");
        assertEquals("tool_use", message.path("stop_reason").asText());
        assertEquals(10, message.at("/usage/input_tokens").asLong(), "input_tokens excludes cache reads and writes");
        assertEquals(60, message.at("/usage/cache_read_input_tokens").asLong());
        assertEquals(30, message.at("/usage/cache_creation_input_tokens").asLong());
        assertEquals(20, message.at("/usage/output_tokens").asLong());
    }

    @Test
    void aStopSequenceIsReportedWhenTheProviderSaysWhichOne() {
        String completion = """
                {"choices":[{"index":0,"finish_reason":"stop","stop_reason":"END","message":{"role":"assistant","content":"One two"}}]}""";
        ObjectNode message = AnthropicResponseMapper.message(json(completion), "m", null);
        assertEquals("stop_sequence", message.path("stop_reason").asText());
        assertEquals("END", message.path("stop_sequence").asText());
        assertEquals("end_turn", StopReasons.of("stop", null));
        assertEquals("max_tokens", StopReasons.of("length", null));
        assertEquals("refusal", StopReasons.of("content_filter", null));
    }

    @Test
    void reasoningStreamsAsAThinkingBlockBeforeTheText() {
        List<ObjectNode> events = AnthropicStreamTranslator.translate(Flux.just(
                json("{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"reasoning_content\":\"Hmm.\"}}]}"),
                json("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Yes.\"}}]}"),
                json("{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\",\"stop_reason\":\"END\"}]}"),
                json("{\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":4}}")), "m").collectList().block();

        assertEquals(List.of("message_start", "content_block_start", "content_block_delta", "content_block_stop",
                "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop"),
                events.stream().map(e -> e.path("type").asText()).toList());
        assertEquals("thinking", events.get(1).at("/content_block/type").asText());
        assertEquals("thinking_delta", events.get(2).at("/delta/type").asText());
        assertEquals(1, events.get(4).path("index").asInt());
        assertEquals("stop_sequence", events.get(7).at("/delta/stop_reason").asText());
        assertEquals("END", events.get(7).at("/delta/stop_sequence").asText());
        assertEquals(9, events.get(7).at("/usage/input_tokens").asLong());
        assertEquals(4, events.get(7).at("/usage/output_tokens").asLong());
    }

    @Test
    void parallelToolCallsAreSeparateBlocksAndInterleavingFailsLoudly() {
        List<ObjectNode> events = AnthropicStreamTranslator.translate(Flux.just(
                json("{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c1\",\"function\":{\"name\":\"a\",\"arguments\":\"\"}}]}}]}"),
                json("{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{}\"}}]}}]}"),
                json("{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"id\":\"c2\",\"function\":{\"name\":\"b\",\"arguments\":\"{\\\"k\\\":\"}}]}}]}"),
                json("{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":\"2}\"}}]}}]}"),
                json("{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}")), "m").collectList().block();
        List<String> types = events.stream().map(e -> e.path("type").asText()).toList();
        assertEquals(List.of("message_start", "content_block_start", "content_block_delta", "content_block_stop",
                "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop", "message_delta", "message_stop"), types);
        assertEquals("c2", events.get(4).at("/content_block/id").asText());
        assertEquals(1, events.get(6).path("index").asInt());
        assertEquals("tool_use", events.get(8).at("/delta/stop_reason").asText());

        Flux<ObjectNode> interleaved = AnthropicStreamTranslator.translate(Flux.just(
                json("{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c1\",\"function\":{\"name\":\"a\",\"arguments\":\"{\"}}]}}]}"),
                json("{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"id\":\"c2\",\"function\":{\"name\":\"b\",\"arguments\":\"{\"}}]}}]}"),
                json("{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"}\"}}]}}]}")), "m");
        GatewayException e = assertThrows(GatewayException.class, () -> interleaved.collectList().block());
        assertEquals(502, e.status());
    }

    @Test
    void errorsAreAnthropicShaped() {
        JsonNode body = AnthropicErrorBody.of(GatewayException.invalid("messages.0.role", "messages.0.role: bad"), "req_1");
        assertEquals(json("{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"messages.0.role: bad\"},"
                + "\"request_id\":\"req_1\"}"), body);
        assertEquals("overloaded_error", AnthropicErrorBody.type(io.llmux.error.ErrorType.SERVICE_UNAVAILABLE));
        assertEquals("timeout_error", AnthropicErrorBody.type(io.llmux.error.ErrorType.UPSTREAM_TIMEOUT));
        assertEquals("not_found_error", AnthropicErrorBody.type(io.llmux.error.ErrorType.NOT_FOUND));
    }
}
