package io.llmux.provider.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.error.GatewayException;
import io.llmux.json.Json;
import io.llmux.provider.openai.OpenAiUsage;
import io.llmux.testing.OpenApiContract;
import io.llmux.tokens.Usage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

class AnthropicStreamDecoderTest {

    private final AnthropicStreamDecoder decoder = new AnthropicStreamDecoder(new AnthropicErrorMapper("anthropic", "sk-ant-key"));

    private static String event(String name, String data) {
        return "event: " + name + "\ndata: " + data + "\n\n";
    }

    private static final String START = event("message_start", """
            {"type":"message_start","message":{"id":"msg_9","type":"message","role":"assistant","model":"claude-haiku-4-5",
             "content":[],"stop_reason":null,"usage":{"input_tokens":30,"cache_read_input_tokens":2000,
             "cache_creation_input_tokens":400,"output_tokens":1}}}""".replace("\n", ""));

    /** Thinking, text, then two tool calls; split into 7-byte pieces so that events straddle reads. */
    private static final String THINK_TEXT_TWO_TOOLS = START
            + event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\"}}")
            + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"Two cities\"}}")
            + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"signature_delta\",\"signature\":\"c2ln\"}}")
            + event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}")
            + event("ping", "{\"type\":\"ping\"}")
            + event("content_block_start", "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}")
            + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":\"Checking \"}}")
            + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":\"both.\"}}")
            + event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":1}")
            + event("content_block_start", "{\"type\":\"content_block_start\",\"index\":2,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_A\",\"name\":\"get_weather\",\"input\":{}}}")
            + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\"}}")
            + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"city\\\": \"}}")
            + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\\\"Oslo\\\"}\"}}")
            + event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":2}")
            + event("content_block_start", "{\"type\":\"content_block_start\",\"index\":3,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_B\",\"name\":\"get_time\",\"input\":{}}}")
            + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":3,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"tz\\\":\\\"CET\\\"}\"}}")
            + event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":3}")
            + event("some_future_event", "{\"type\":\"some_future_event\"}")
            + event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":89}}")
            + event("message_stop", "{\"type\":\"message_stop\"}");

    private static Flux<byte[]> pieces(String sse, int size) {
        byte[] bytes = sse.getBytes(StandardCharsets.UTF_8);
        List<byte[]> pieces = new ArrayList<>();
        for (int i = 0; i < bytes.length; i += size) {
            pieces.add(Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + size)));
        }
        return Flux.fromIterable(pieces);
    }

    private List<ObjectNode> decodeAll(Flux<byte[]> body) {
        return decoder.decode(body).collectList().block();
    }

    @Test
    void thinkingTextAndToolCallsBecomeOpenAiChunksInOrder() throws Exception {
        List<ObjectNode> chunks = decodeAll(pieces(THINK_TEXT_TWO_TOOLS, 7));

        chunks.forEach(chunk -> OpenApiContract.assertValid("CreateChatCompletionStreamResponse", chunk));
        assertEquals("assistant", chunks.getFirst().at("/choices/0/delta/role").asText());
        StringBuilder reasoning = new StringBuilder();
        StringBuilder text = new StringBuilder();
        List<StringBuilder> arguments = List.of(new StringBuilder(), new StringBuilder());
        String[] ids = new String[2];
        String[] names = new String[2];
        String finish = null;
        List<JsonNode> thinkingBlocks = new ArrayList<>();
        for (ObjectNode chunk : chunks) {
            JsonNode delta = chunk.at("/choices/0/delta");
            delta.path("thinking_blocks").forEach(thinkingBlocks::add);
            reasoning.append(delta.path("reasoning_content").asText(""));
            text.append(delta.path("content").asText(""));
            for (JsonNode call : delta.path("tool_calls")) {
                int index = call.path("index").asInt();
                if (call.has("id")) {
                    assertTrue(ids[index] == null, "id and name come once, in the first delta of a call");
                    ids[index] = call.path("id").asText();
                    names[index] = call.at("/function/name").asText();
                    assertEquals("function", call.path("type").asText());
                } else {
                    assertNotNull(ids[index], "a call's fragments follow its first delta");
                }
                arguments.get(index).append(call.at("/function/arguments").asText(""));
            }
            if (chunk.at("/choices/0/finish_reason").isTextual()) {
                finish = chunk.at("/choices/0/finish_reason").asText();
            }
        }
        assertEquals("Two cities", reasoning.toString());
        assertEquals(1, thinkingBlocks.size(), "each thinking block once, whole, when it ends");
        assertEquals(Json.MAPPER.readTree("{\"type\":\"thinking\",\"thinking\":\"Two cities\",\"signature\":\"c2ln\"}"),
                thinkingBlocks.getFirst());
        assertEquals("Checking both.", text.toString());
        assertEquals("toolu_A", ids[0]);
        assertEquals("get_weather", names[0]);
        assertEquals(Json.MAPPER.readTree("{\"city\":\"Oslo\"}"), Json.MAPPER.readTree(arguments.get(0).toString()));
        assertEquals("toolu_B", ids[1]);
        assertEquals("get_time", names[1]);
        assertEquals("{\"tz\":\"CET\"}", arguments.get(1).toString());
        assertEquals("tool_calls", finish);

        ObjectNode last = chunks.getLast();
        assertTrue(last.path("choices").isArray() && last.path("choices").isEmpty(), "the last chunk carries usage only");
        assertEquals(2430, last.at("/usage/prompt_tokens").asLong(), "input + cache reads + cache writes");
        assertEquals(89, last.at("/usage/completion_tokens").asLong(), "the final count of message_delta");
        assertEquals(2000, last.at("/usage/prompt_tokens_details/cached_tokens").asLong());
        Usage usage = OpenAiUsage.of(last);
        assertEquals(new Usage(2430, 89, 2000, 400, usage.source()), usage);
        assertEquals("msg_9", last.path("id").asText());
        assertEquals("claude-haiku-4-5", last.path("model").asText());
    }

    @Test
    void anErrorEventEndsTheStreamWithAnErrorAfterWhatArrived() {
        String sse = START
                + event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}")
                + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}")
                + event("error", "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}");
        List<Object> signals = new ArrayList<>();
        decoder.decode(pieces(sse, 64)).doOnNext(signals::add).onErrorResume(e -> {
            signals.add(e);
            return Flux.empty();
        }).blockLast();

        assertEquals(3, signals.size(), signals.toString());
        assertEquals("Hi", ((ObjectNode) signals.get(1)).at("/choices/0/delta/content").asText());
        GatewayException error = assertInstanceOf(GatewayException.class, signals.get(2));
        assertEquals("provider_overloaded", error.code());
        assertTrue(error.getMessage().contains("'anthropic'"));
    }

    @Test
    void aStreamWithoutMessageStopIsCut() {
        String sse = THINK_TEXT_TWO_TOOLS.substring(0, THINK_TEXT_TWO_TOOLS.indexOf("event: message_stop"));
        GatewayException error = assertInstanceOf(GatewayException.class, failureOf(pieces(sse, 100)));
        assertEquals("provider_stream_cut", error.code());
    }

    @Test
    void aBrokenConnectionIsCutAfterTheEventsThatArrived() {
        List<ObjectNode> seen = new ArrayList<>();
        Flux<byte[]> broken = pieces(START, 1000).concatWith(Flux.error(new java.io.IOException("reset")));
        Throwable failure = failureOf(broken, seen);
        assertEquals(1, seen.size(), "the role chunk arrived before the break");
        assertEquals("provider_stream_cut", ((GatewayException) failure).code());
    }

    @Test
    void dataThatIsNotJsonIsAMalformedAnswer() {
        GatewayException error = assertInstanceOf(GatewayException.class,
                failureOf(pieces(START + "event: content_block_delta\ndata: {\"type\":\n\n", 50)));
        assertEquals("provider_bad_response", error.code());
    }

    private Throwable failureOf(Flux<byte[]> body) {
        return failureOf(body, new ArrayList<>());
    }

    private Throwable failureOf(Flux<byte[]> body, List<ObjectNode> seen) {
        Throwable[] failure = {null};
        decoder.decode(body).doOnNext(seen::add).onErrorResume(e -> {
            failure[0] = e;
            return Flux.empty();
        }).blockLast();
        assertNotNull(failure[0], "the stream must end with an error");
        return failure[0];
    }
}
