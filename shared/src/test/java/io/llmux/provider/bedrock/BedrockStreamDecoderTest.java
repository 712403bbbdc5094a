package io.llmux.provider.bedrock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.error.GatewayException;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDelta;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockStart;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlockDelta;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlockStart;

class BedrockStreamDecoderTest {

    private final BedrockStreamDecoder decoder = new BedrockStreamDecoder(new BedrockErrorMapper("bedrock"));

    @Test
    void toolCallsKeepTheirOrderAndIndexWhenTextComesBetween() {
        List<ConverseStreamOutput> events = List.of(
                ConverseStreamOutput.messageStartBuilder().role("assistant").build(),
                ConverseStreamOutput.contentBlockDeltaBuilder().contentBlockIndex(0).delta(ContentBlockDelta.fromText("Checking.")).build(),
                toolStart(1, "t1", "first"), toolDelta(1, "{\"a\":"), toolDelta(1, "1}"),
                toolStart(2, "t2", "second"), toolDelta(2, "{}"),
                ConverseStreamOutput.messageStopBuilder().stopReason(StopReason.TOOL_USE).build());

        List<ObjectNode> chunks = decoder.decode(Flux.fromIterable(events), "req-1", "m").collectList().block();

        assertEquals("chatcmpl-req-1", chunks.getFirst().path("id").asText());
        assertEquals("Checking.", chunks.get(1).at("/choices/0/delta/content").asText());
        assertEquals(0, chunks.get(2).at("/choices/0/delta/tool_calls/0/index").asInt());
        assertEquals("t1", chunks.get(2).at("/choices/0/delta/tool_calls/0/id").asText());
        assertEquals("first", chunks.get(2).at("/choices/0/delta/tool_calls/0/function/name").asText());
        assertEquals("{\"a\":", chunks.get(3).at("/choices/0/delta/tool_calls/0/function/arguments").asText());
        assertEquals(0, chunks.get(4).at("/choices/0/delta/tool_calls/0/index").asInt());
        assertEquals(1, chunks.get(5).at("/choices/0/delta/tool_calls/0/index").asInt());
        assertEquals("second", chunks.get(5).at("/choices/0/delta/tool_calls/0/function/name").asText());
        assertEquals(1, chunks.get(6).at("/choices/0/delta/tool_calls/0/index").asInt());
        assertEquals("tool_calls", chunks.get(7).at("/choices/0/finish_reason").asText());
    }

    @Test
    void guardrailAndLengthStopsMapToOpenAisReasons() {
        assertEquals("content_filter", lastFinish(StopReason.GUARDRAIL_INTERVENED));
        assertEquals("content_filter", lastFinish(StopReason.CONTENT_FILTERED));
        assertEquals("length", lastFinish(StopReason.MAX_TOKENS));
        assertEquals("stop", lastFinish(StopReason.STOP_SEQUENCE));
    }

    @Test
    void aStreamWithoutMessageStopIsAnError() {
        Flux<ConverseStreamOutput> events = Flux.just(ConverseStreamOutput.messageStartBuilder().role("assistant").build());

        GatewayException error = assertThrows(GatewayException.class,
                () -> decoder.decode(events, "r", "m").collectList().block());
        assertEquals("provider_stream_cut", error.code());
    }

    private String lastFinish(StopReason reason) {
        List<ObjectNode> chunks = decoder.decode(Flux.just(ConverseStreamOutput.messageStartBuilder().role("assistant").build(),
                ConverseStreamOutput.messageStopBuilder().stopReason(reason).build()), "r", "m").collectList().block();
        return chunks.getLast().at("/choices/0/finish_reason").asText();
    }

    private static ConverseStreamOutput toolStart(int block, String id, String name) {
        return ConverseStreamOutput.contentBlockStartBuilder().contentBlockIndex(block)
                .start(ContentBlockStart.fromToolUse(ToolUseBlockStart.builder().toolUseId(id).name(name).build())).build();
    }

    private static ConverseStreamOutput toolDelta(int block, String input) {
        return ConverseStreamOutput.contentBlockDeltaBuilder().contentBlockIndex(block)
                .delta(ContentBlockDelta.fromToolUse(ToolUseBlockDelta.builder().input(input).build())).build();
    }
}
