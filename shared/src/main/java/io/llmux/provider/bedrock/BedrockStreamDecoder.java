package io.llmux.provider.bedrock;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.provider.ChatChunks;
import java.util.HashMap;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.SynchronousSink;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDeltaEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockStartEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamMetadataEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.MessageStartEvent;
import software.amazon.awssdk.services.bedrockruntime.model.MessageStopEvent;

/**
 * Turns ConverseStream events (the SDK has decoded the eventstream frames) into OpenAI chunks:
 * messageStart opens the assistant turn, contentBlockStart of a toolUse opens a tool call (id and
 * name), contentBlockDelta carries text or argument fragments, messageStop the finish reason, and
 * metadata the usage (a chunk with empty choices, as OpenAI sends it).
 *
 * <p>Tool calls are numbered in the order their blocks start, so their deltas keep OpenAI's
 * {@code index} even when text blocks come between them. The stream must reach messageStop: one
 * that ends before it, or with an exception event, ends with an error, never quietly.
 */
final class BedrockStreamDecoder {

    private final BedrockErrorMapper errors;

    BedrockStreamDecoder(BedrockErrorMapper errors) {
        this.errors = errors;
    }

    Flux<ObjectNode> decode(Flux<ConverseStreamOutput> events, String requestId, String model) {
        return Flux.defer(() -> {
            State state = new State(BedrockResponseMapper.completionId(requestId), model);
            return events
                    .onErrorMap(errors::fromStreamFailure)
                    .<ObjectNode>handle(state::onEvent)
                    .concatWith(Flux.defer(() -> state.stopped ? Flux.empty() : Flux.error(errors.streamCut())));
        });
    }

    /** What one stream has seen so far. */
    private static final class State {
        private final String id;
        private final String model;
        private final long created = System.currentTimeMillis() / 1000;
        /** Bedrock's contentBlockIndex of each tool-use block, to OpenAI's tool call index. */
        private final Map<Integer, Integer> toolIndexByBlock = new HashMap<>(4);
        private boolean stopped;

        State(String id, String model) {
            this.id = id;
            this.model = model;
        }

        void onEvent(ConverseStreamOutput event, SynchronousSink<ObjectNode> sink) {
            switch (event) {
                case MessageStartEvent ignored -> {
                    ObjectNode chunk = chunk();
                    ChatChunks.delta(chunk).put("role", "assistant").put("content", "");
                    sink.next(chunk);
                }
                case ContentBlockStartEvent start when start.start() != null && start.start().toolUse() != null -> {
                    int index = toolIndexByBlock.size();
                    toolIndexByBlock.put(start.contentBlockIndex(), index);
                    ObjectNode chunk = chunk();
                    ChatChunks.openToolCall(ChatChunks.delta(chunk), index, start.start().toolUse().toolUseId(),
                            start.start().toolUse().name());
                    sink.next(chunk);
                }
                case ContentBlockDeltaEvent delta when delta.delta() != null -> onDelta(delta, sink);
                case MessageStopEvent stop -> {
                    stopped = true;
                    ObjectNode chunk = chunk();
                    ChatChunks.choice(chunk).put("finish_reason", BedrockResponseMapper.finishReason(stop.stopReason()));
                    sink.next(chunk);
                }
                case ConverseStreamMetadataEvent metadata when metadata.usage() != null -> {
                    sink.next(ChatChunks.usage(id, created, model, BedrockUsage.node(metadata.usage())));
                }
                default -> {
                    // contentBlockStop, reasoning and other blocks carry nothing OpenAI's chunks can say
                }
            }
        }

        private void onDelta(ContentBlockDeltaEvent event, SynchronousSink<ObjectNode> sink) {
            if (event.delta().text() != null) {
                ObjectNode chunk = chunk();
                ChatChunks.delta(chunk).put("content", event.delta().text());
                sink.next(chunk);
            } else if (event.delta().toolUse() != null) {
                Integer index = toolIndexByBlock.get(event.contentBlockIndex());
                if (index == null) {
                    return; // arguments of a tool block that never started: nothing to attach them to
                }
                ObjectNode chunk = chunk();
                ChatChunks.toolCallArguments(ChatChunks.delta(chunk), index, event.delta().toolUse().input());
                sink.next(chunk);
            }
        }

        private ObjectNode chunk() {
            return ChatChunks.chunk(id, created, model);
        }
    }
}
