package io.llmux.provider.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.error.GatewayException;
import io.llmux.testing.OpenApiContract;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

class GeminiStreamDecoderTest {

    private final GeminiStreamDecoder decoder = new GeminiStreamDecoder(new GeminiErrorMapper("gemini", "AIzaSecretKey123456"));

    private List<ObjectNode> decode(Flux<byte[]> bytes) {
        List<ObjectNode> chunks = decoder.decode(bytes, "gemini-2.5-flash", "chatcmpl-1", 1L).collectList().block();
        chunks.forEach(chunk -> OpenApiContract.assertValid("CreateChatCompletionStreamResponse", chunk));
        return chunks;
    }

    private static Flux<byte[]> events(String... json) {
        StringBuilder sse = new StringBuilder();
        for (String event : json) {
            sse.append("data: ").append(event).append("\r\n\r\n");
        }
        byte[] all = sse.toString().getBytes(StandardCharsets.UTF_8);
        // Split at awkward places: events arrive in pieces that do not respect their boundaries.
        int third = all.length / 3;
        return Flux.just(java.util.Arrays.copyOfRange(all, 0, third), java.util.Arrays.copyOfRange(all, third, 2 * third),
                java.util.Arrays.copyOfRange(all, 2 * third, all.length));
    }

    @Test
    void textDeltasThenFinishThenUsage() {
        List<ObjectNode> chunks = decode(events(
                "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Hel\"}]},\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":7}}",
                "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"lo\"}]},\"finishReason\":\"STOP\",\"index\":0}],"
                        + "\"usageMetadata\":{\"promptTokenCount\":7,\"candidatesTokenCount\":2,\"thoughtsTokenCount\":5}}"));
        assertEquals(3, chunks.size(), chunks.toString());
        assertEquals("assistant", chunks.get(0).at("/choices/0/delta/role").asText());
        assertEquals("Hel", chunks.get(0).at("/choices/0/delta/content").asText());
        assertTrue(chunks.get(0).at("/choices/0/finish_reason").isNull());
        assertTrue(chunks.get(1).at("/choices/0/delta/role").isMissingNode(), "the role comes once");
        assertEquals("stop", chunks.get(1).at("/choices/0/finish_reason").asText());
        JsonNode usage = chunks.get(2).path("usage");
        assertEquals(0, chunks.get(2).path("choices").size());
        assertEquals(7, usage.path("prompt_tokens").asLong());
        assertEquals(7, usage.path("completion_tokens").asLong());
        assertEquals(5, usage.at("/completion_tokens_details/reasoning_tokens").asLong());
        chunks.forEach(chunk -> assertEquals("chatcmpl-1", chunk.path("id").asText()));
    }

    @Test
    void functionCallsAreToolCallDeltasWithIndexesInOrder() {
        List<ObjectNode> chunks = decode(events(
                "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"name\":\"a\",\"args\":{\"x\":1}}}]},\"index\":0}]}",
                "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"name\":\"b\",\"args\":{}}}]},"
                        + "\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":3,\"candidatesTokenCount\":4}}"));
        JsonNode first = chunks.get(0).at("/choices/0/delta/tool_calls/0");
        assertEquals(0, first.path("index").asInt());
        assertEquals("call_0", first.path("id").asText());
        assertEquals("a", first.at("/function/name").asText());
        assertEquals("{\"x\":1}", first.at("/function/arguments").asText());
        JsonNode second = chunks.get(1).at("/choices/0/delta/tool_calls/0");
        assertEquals(1, second.path("index").asInt());
        assertEquals("call_1", second.path("id").asText());
        assertEquals("tool_calls", chunks.get(1).at("/choices/0/finish_reason").asText());
    }

    @Test
    void aSafetyStopAndABlockedPromptEndAsContentFilter() {
        List<ObjectNode> safety = decode(events(
                "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Well\"}]},\"finishReason\":\"SAFETY\",\"index\":0}]}"));
        assertEquals("content_filter", safety.getLast().at("/choices/0/finish_reason").asText());
        List<ObjectNode> blocked = decode(events(
                "{\"promptFeedback\":{\"blockReason\":\"PROHIBITED_CONTENT\"},\"usageMetadata\":{\"promptTokenCount\":5,\"totalTokenCount\":5}}"));
        assertEquals("content_filter", blocked.get(0).at("/choices/0/finish_reason").asText());
        assertEquals(5, blocked.get(1).at("/usage/prompt_tokens").asLong());
    }

    @Test
    void aStreamThatEndsBeforeAFinishReasonIsCut() {
        GatewayException e = assertThrows(GatewayException.class, () -> decoder.decode(events(
                "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Hel\"}]},\"index\":0}]}"),
                "m", "id", 1L).blockLast());
        assertEquals("provider_stream_cut", e.code());
    }

    @Test
    void eventsThatArrivedArePassedOnBeforeTheFailure() {
        Flux<byte[]> broken = events("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hel\"}]},\"index\":0}]}")
                .concatWith(Flux.error(new java.io.IOException("connection reset")));
        List<Object> signals = new java.util.ArrayList<>();
        decoder.decode(broken, "m", "id", 1L).doOnNext(signals::add).onErrorResume(e -> {
            signals.add(e);
            return Flux.empty();
        }).blockLast();
        assertEquals(2, signals.size());
        assertInstanceOf(GatewayException.class, signals.get(1));
    }

    @Test
    void anErrorEventIsAnErrorWithoutTheKey() {
        GatewayException e = assertThrows(GatewayException.class, () -> decoder.decode(events(
                "{\"error\":{\"code\":500,\"message\":\"Internal failure for key AIzaSecretKey123456\",\"status\":\"INTERNAL\"}}"),
                "m", "id", 1L).blockLast());
        assertEquals(502, e.status());
        assertTrue(e.getMessage().contains("'gemini'") && !e.getMessage().contains("AIzaSecretKey123456"), e.getMessage());
    }

    @Test
    void anEventThatIsNotJsonIsMalformed() {
        GatewayException e = assertThrows(GatewayException.class, () -> decoder.decode(events("{\"candidates\":["), "m", "id", 1L).blockLast());
        assertEquals("provider_bad_response", e.code());
    }
}
