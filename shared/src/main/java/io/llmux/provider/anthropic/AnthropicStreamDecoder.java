package io.llmux.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.json.Json;
import io.llmux.provider.ChatChunks;
import io.llmux.provider.http.SseChunkStream;
import io.llmux.provider.http.UpstreamErrors;
import io.llmux.sse.SseEvent;
import java.util.HashMap;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.SynchronousSink;

/**
 * Turns Anthropic's stream (message_start, content_block_start / delta / stop, message_delta,
 * message_stop, ping, error) into OpenAI chunks, one chunk at most per event, as each arrives:
 *
 * <ul>
 *   <li>message_start: the role chunk; its usage (input and cache counts) is remembered;</li>
 *   <li>text_delta: {@code delta.content}; thinking_delta: {@code delta.reasoning_content}, and at
 *       the end of each thinking block the block itself, signature included, as
 *       {@code delta.thinking_blocks} (redacted thinking only there);</li>
 *   <li>a tool_use block start: a {@code tool_calls} delta with the call's index (0, 1, ... in
 *       the order the calls start), id, name and empty arguments; its input_json_delta fragments
 *       follow as argument deltas at the same index;</li>
 *   <li>message_delta: the chunk with {@code finish_reason}; its usage (final output) is kept;</li>
 *   <li>message_stop: a usage-only chunk (no choices), always, so the pipeline can meter whether or
 *       not the client asked for usage (it strips the chunk for clients that did not);</li>
 *   <li>error: an error on the stream; so is a stream that ends, or breaks, before message_stop.</li>
 * </ul>
 * Unknown events and block types are skipped, as Anthropic asks of clients (it adds new ones).
 */
final class AnthropicStreamDecoder {

    private final AnthropicErrorMapper errors;
    private final UpstreamErrors upstream;

    AnthropicStreamDecoder(AnthropicErrorMapper errors) {
        this.errors = errors;
        this.upstream = errors.upstream();
    }

    /**
     * @param body the provider's bytes, as {@link io.llmux.provider.http.UpstreamResponse.Streaming}
     *             delivers them: ending with an error when the connection breaks or falls silent
     */
    Flux<ObjectNode> decode(Flux<byte[]> body) {
        return SseChunkStream.decode(body, State::new, upstream);
    }

    /** One stream's progress; used by one subscriber, in order. */
    private final class State implements SseChunkStream.Reader {

        private final AnthropicUsage usage = new AnthropicUsage();
        /** Content-block index -> tool-call index, for the tool_use blocks seen so far. */
        private final Map<Integer, Integer> toolIndexByBlock = new HashMap<>(4);
        /** The thinking block in progress (text and signature), or null: only thinking answers pay for it. */
        private ObjectNode thinking;
        private StringBuilder thinkingText;
        private int thinkingIndex = -1;
        private String id = "msg_unknown";
        private String model = "";
        private final long created = System.currentTimeMillis() / 1000;
        private boolean stopped;

        @Override
        public boolean complete() {
            return stopped;
        }

        @Override
        public void on(SseEvent event, SynchronousSink<ObjectNode> sink) {
            if (stopped) {
                return;
            }
            ObjectNode data = SseChunkStream.object(event);
            if (data == null) {
                sink.error(upstream.malformed());
                return;
            }
            String type = data.path("type").asText(event.event() == null ? "" : event.event());
            switch (type) {
                case "message_start" -> {
                    JsonNode message = data.path("message");
                    id = message.path("id").asText(id);
                    model = message.path("model").asText(model);
                    usage.update(message.get("usage"));
                    ObjectNode chunk = chunk();
                    ChatChunks.delta(chunk).put("role", "assistant").put("content", "");
                    sink.next(chunk);
                }
                case "content_block_start" -> blockStart(data, sink);
                case "content_block_delta" -> blockDelta(data, sink);
                case "content_block_stop" -> blockStop(data, sink);
                case "message_delta" -> {
                    usage.update(data.get("usage"));
                    String stopReason = data.path("delta").path("stop_reason").textValue();
                    if (stopReason != null) {
                        ObjectNode chunk = chunk();
                        ChatChunks.choice(chunk).put("finish_reason", AnthropicResponseMapper.finishReason(stopReason));
                        sink.next(chunk);
                    }
                }
                case "message_stop" -> {
                    stopped = true;
                    sink.next(ChatChunks.usage(id, created, model, usage.toOpenAi()));
                }
                case "error" -> {
                    JsonNode error = data.get("error");
                    sink.error(errors.streamError(error != null && error.isObject() ? error : data));
                }
                default -> {
                    // ping, and event types newer than this adapter
                }
            }
        }

        private void blockStart(JsonNode data, SynchronousSink<ObjectNode> sink) {
            JsonNode block = data.path("content_block");
            switch (block.path("type").asText()) {
                case "tool_use" -> {
                    int toolIndex = toolIndexByBlock.size();
                    toolIndexByBlock.put(data.path("index").asInt(), toolIndex);
                    ObjectNode chunk = chunk();
                    ChatChunks.openToolCall(ChatChunks.delta(chunk), toolIndex, block.path("id").asText(), block.path("name").asText());
                    sink.next(chunk);
                }
                // A block may start with content of its own (usually empty).
                case "text" -> emitText("content", block.path("text").asText(""), sink);
                case "thinking" -> {
                    thinkingIndex = data.path("index").asInt();
                    thinking = Json.NODES.objectNode().put("type", "thinking");
                    thinkingText = new StringBuilder(block.path("thinking").asText(""));
                    emitText("reasoning_content", block.path("thinking").asText(""), sink);
                }
                case "redacted_thinking" -> {
                    ObjectNode chunk = chunk();
                    ChatChunks.delta(chunk).putArray("thinking_blocks").add(block);
                    sink.next(chunk);
                }
                default -> {
                    // server tool blocks
                }
            }
        }

        /**
         * The end of a thinking block: the whole block, signature included, as {@code thinking_blocks}
         * (as in a whole answer), so that a client can send it back with the tool results that follow.
         */
        private void blockStop(JsonNode data, SynchronousSink<ObjectNode> sink) {
            if (thinking == null || data.path("index").asInt() != thinkingIndex) {
                return;
            }
            thinking.put("thinking", thinkingText.toString());
            ObjectNode chunk = chunk();
            ChatChunks.delta(chunk).putArray("thinking_blocks").add(thinking);
            thinking = null;
            thinkingText = null;
            sink.next(chunk);
        }

        private void blockDelta(JsonNode data, SynchronousSink<ObjectNode> sink) {
            JsonNode delta = data.path("delta");
            switch (delta.path("type").asText()) {
                case "text_delta" -> emitText("content", delta.path("text").asText(""), sink);
                case "thinking_delta" -> {
                    String text = delta.path("thinking").asText("");
                    if (thinkingText != null) {
                        thinkingText.append(text);
                    }
                    emitText("reasoning_content", text, sink);
                }
                case "signature_delta" -> {
                    if (thinking != null) {
                        thinking.put("signature", delta.path("signature").asText(""));
                    }
                }
                case "input_json_delta" -> {
                    Integer toolIndex = toolIndexByBlock.get(data.path("index").asInt());
                    String fragment = delta.path("partial_json").asText("");
                    if (toolIndex == null) {
                        sink.error(upstream.malformed());
                    } else if (!fragment.isEmpty()) {
                        ObjectNode chunk = chunk();
                        ChatChunks.toolCallArguments(ChatChunks.delta(chunk), toolIndex, fragment);
                        sink.next(chunk);
                    }
                }
                default -> {
                    // citations_delta
                }
            }
        }

        private void emitText(String field, String text, SynchronousSink<ObjectNode> sink) {
            if (!text.isEmpty()) {
                ObjectNode chunk = chunk();
                ChatChunks.delta(chunk).put(field, text);
                sink.next(chunk);
            }
        }

        private ObjectNode chunk() {
            return ChatChunks.chunk(id, created, model);
        }
    }
}
