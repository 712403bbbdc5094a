package io.llmux.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.error.ErrorType;
import io.llmux.error.GatewayException;
import io.llmux.json.Json;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Flux;

/**
 * Turns a stream of OpenAI chat completion chunks into Anthropic's event sequence:
 * {@code message_start}; per content block {@code content_block_start}, its deltas
 * ({@code text_delta}, {@code thinking_delta}, {@code input_json_delta}) and
 * {@code content_block_stop}; then {@code message_delta} with the stop reason and usage, and
 * {@code message_stop}. Each event is a JSON object whose {@code type} is also its SSE event name.
 *
 * <p>One instance per stream (it holds the open block). A failed upstream stream fails the
 * returned one too, without the closing events: the framing layer then sends an {@code error}
 * event, so a cut answer can never look complete.
 *
 * <p>Tool-call deltas are translated in arrival order, one block per call: OpenAI-compatible
 * providers send a call's fragments before the next call starts. A fragment for a call whose block
 * has been closed (interleaved parallel calls) cannot be expressed in Anthropic's sequence, and
 * fails the stream rather than corrupt the arguments.
 */
public final class AnthropicStreamTranslator {

    private static final String TEXT = "text";
    private static final String THINKING = "thinking";
    private static final String TOOL_USE = "tool_use";

    private final String id = AnthropicResponseMapper.newMessageId();
    private final String model;
    private int blocks;
    private String openType;
    private int openTool = -1;
    private String finishReason;
    private String matchedStop;
    private JsonNode usage;

    private AnthropicStreamTranslator(String model) {
        this.model = model;
    }

    /** @param model the model as the client named it */
    public static Flux<ObjectNode> translate(Flux<ObjectNode> chunks, String model) {
        return Flux.defer(() -> {
            AnthropicStreamTranslator translator = new AnthropicStreamTranslator(model);
            return Flux.just(translator.messageStart())
                    .concatWith(chunks.concatMapIterable(translator::on))
                    .concatWith(Flux.defer(() -> Flux.fromIterable(translator.end())));
        });
    }

    ObjectNode messageStart() {
        ObjectNode event = event("message_start");
        ObjectNode message = event.putObject("message");
        message.put("id", id);
        message.put("type", "message");
        message.put("role", "assistant");
        message.put("model", model);
        message.putArray("content");
        message.putNull("stop_reason");
        message.putNull("stop_sequence");
        // The provider reports input tokens at the end of a stream (OpenAI's usage chunk), so the
        // exact count travels in message_delta, which Anthropic's SDKs merge into the message.
        message.set("usage", AnthropicUsage.of(0, 0, 0, 0));
        return event;
    }

    List<ObjectNode> on(ObjectNode chunk) {
        List<ObjectNode> events = new ArrayList<>(2);
        JsonNode reported = chunk.get("usage");
        if (reported != null && reported.isObject()) {
            usage = reported;
        }
        JsonNode choices = chunk.get("choices");
        if (choices == null || choices.isEmpty()) {
            return events;
        }
        // Anthropic has no n: the canonical request always asks for one choice.
        JsonNode choice = choices.get(0);
        JsonNode delta = choice.path("delta");
        String reasoning = delta.path("reasoning_content").textValue();
        if (reasoning != null && !reasoning.isEmpty()) {
            open(THINKING, events, block -> block.put("thinking", "").put("signature", ""));
            events.add(delta(Json.NODES.objectNode().put("type", "thinking_delta").put("thinking", reasoning)));
        }
        String text = delta.path("content").textValue();
        if (text != null && !text.isEmpty()) {
            open(TEXT, events, block -> block.put("text", ""));
            events.add(delta(Json.NODES.objectNode().put("type", "text_delta").put("text", text)));
        }
        for (JsonNode call : delta.path("tool_calls")) {
            toolCall(call, events);
        }
        String finish = choice.path("finish_reason").textValue();
        if (finish != null) {
            finishReason = finish;
            matchedStop = StopReasons.matchedStop(choice);
        }
        return events;
    }

    private void toolCall(JsonNode call, List<ObjectNode> events) {
        int index = call.path("index").asInt(0);
        JsonNode function = call.path("function");
        String callId = call.path("id").textValue();
        if (callId != null && !callId.isEmpty() && !(TOOL_USE.equals(openType) && openTool == index)) {
            String name = function.path("name").asText("");
            open(TOOL_USE, events, block -> block.put("id", callId).put("name", name).putObject("input"));
            openTool = index;
        }
        String fragment = function.path("arguments").textValue();
        if (fragment == null || fragment.isEmpty()) {
            return;
        }
        if (!TOOL_USE.equals(openType) || openTool != index) {
            throw new GatewayException(ErrorType.UPSTREAM_ERROR, "The provider interleaved the arguments of parallel tool calls,"
                    + " which Anthropic's stream format cannot carry.", null, "interleaved_tool_calls", null);
        }
        events.add(delta(Json.NODES.objectNode().put("type", "input_json_delta").put("partial_json", fragment)));
    }

    List<ObjectNode> end() {
        List<ObjectNode> events = new ArrayList<>(3);
        close(events);
        ObjectNode messageDelta = event("message_delta");
        ObjectNode delta = messageDelta.putObject("delta");
        String stopReason = StopReasons.of(finishReason, matchedStop);
        delta.put("stop_reason", stopReason);
        if ("stop_sequence".equals(stopReason)) {
            delta.put("stop_sequence", matchedStop);
        } else {
            delta.putNull("stop_sequence");
        }
        messageDelta.set("usage", AnthropicUsage.of(usage == null ? Json.NODES.objectNode() : usage));
        events.add(messageDelta);
        events.add(event("message_stop"));
        return events;
    }

    private void open(String type, List<ObjectNode> events, java.util.function.Consumer<ObjectNode> fill) {
        if (type.equals(openType) && !TOOL_USE.equals(type)) {
            return;
        }
        close(events);
        ObjectNode start = event("content_block_start");
        start.put("index", blocks);
        ObjectNode block = start.putObject("content_block");
        block.put("type", type);
        fill.accept(block);
        events.add(start);
        openType = type;
    }

    private void close(List<ObjectNode> events) {
        if (openType == null) {
            return;
        }
        events.add(event("content_block_stop").put("index", blocks));
        blocks++;
        openType = null;
        openTool = -1;
    }

    private ObjectNode delta(ObjectNode delta) {
        ObjectNode event = event("content_block_delta");
        event.put("index", blocks);
        event.set("delta", delta);
        return event;
    }

    private static ObjectNode event(String type) {
        return Json.NODES.objectNode().put("type", type);
    }
}
