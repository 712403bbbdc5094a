package io.llmux.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.provider.ChatChunks;
import io.llmux.provider.http.SseChunkStream;
import io.llmux.sse.SseEvent;
import java.util.HashMap;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.SynchronousSink;

/**
 * Turns Gemini's {@code streamGenerateContent?alt=sse} byte stream (each {@code data:} event a
 * whole GenerateContentResponse holding the next piece of each candidate) into OpenAI chunks: the
 * role on a candidate's first chunk, text as content deltas, each function call as one tool-call
 * delta (Gemini sends a call whole, never in fragments) with its index in order, the mapped
 * finish_reason, and, after the last, a usage chunk from the final usageMetadata.
 *
 * <p>Gemini's stream has no end marker like OpenAI's [DONE]: it is complete when a candidate has
 * reported its finishReason (or the prompt was blocked). A stream that stops before that, cleanly
 * or not, is an error, never a quiet end.
 */
final class GeminiStreamDecoder {

    private final GeminiErrorMapper errors;

    GeminiStreamDecoder(GeminiErrorMapper errors) {
        this.errors = errors;
    }

    Flux<ObjectNode> decode(Flux<byte[]> body, String upstreamModel, String id, long created) {
        return SseChunkStream.decode(body, () -> new State(id, created, upstreamModel, errors), errors.upstream());
    }

    /** One stream's progress: which candidates have had their role and how many tool calls. */
    private static final class State implements SseChunkStream.Reader {
        private final String id;
        private final long created;
        private final GeminiErrorMapper errors;
        private String model;
        private final Map<Integer, Integer> toolCalls = new HashMap<>(2);
        private boolean finished;
        private ObjectNode usage;

        State(String id, long created, String model, GeminiErrorMapper errors) {
            this.id = id;
            this.created = created;
            this.model = model;
            this.errors = errors;
        }

        @Override
        public boolean complete() {
            return finished;
        }

        /** The usage from the last usageMetadata, once the answer is complete. */
        @Override
        public Flux<ObjectNode> tail() {
            return usage == null ? Flux.empty() : Flux.just(ChatChunks.usage(id, created, model, usage));
        }

        @Override
        public void on(SseEvent event, SynchronousSink<ObjectNode> sink) {
            if (finished) {
                return;
            }
            ObjectNode response = SseChunkStream.object(event);
            if (response == null) {
                sink.error(errors.upstream().malformed());
                return;
            }
            JsonNode error = response.get("error");
            if (error != null && error.isObject()) {
                sink.error(errors.streamError(error));
                return;
            }
            if (response.hasNonNull("modelVersion")) {
                model = response.get("modelVersion").asText();
            }
            ObjectNode reported = GeminiUsage.of(response.get("usageMetadata"));
            if (reported != null) {
                usage = reported;
            }
            ObjectNode chunk = ChatChunks.envelope(id, created, model);
            ArrayNode choices = chunk.putArray("choices");
            JsonNode candidates = response.path("candidates");
            if (candidates.isEmpty() && response.path("promptFeedback").has("blockReason")) {
                ObjectNode choice = ChatChunks.addChoice(choices, 0);
                ((ObjectNode) choice.get("delta")).put("role", "assistant").put("content", "");
                choice.put("finish_reason", GeminiFinishReason.CONTENT_FILTER);
                finished = true;
            }
            for (int c = 0; c < candidates.size(); c++) {
                candidate(candidates.get(c), c, choices);
            }
            if (!choices.isEmpty()) {
                sink.next(chunk);
            }
        }

        private void candidate(JsonNode candidate, int position, ArrayNode choices) {
            int index = candidate.path("index").asInt(position);
            ObjectNode choice = ChatChunks.addChoice(choices, index);
            ObjectNode delta = (ObjectNode) choice.get("delta");
            Integer calls = toolCalls.get(index);
            if (calls == null) {
                calls = 0;
                delta.put("role", "assistant");
            }
            StringBuilder text = new StringBuilder();
            ArrayNode deltaCalls = null;
            for (JsonNode part : candidate.path("content").path("parts")) {
                if (part.path("thought").asBoolean(false)) {
                    continue;
                }
                if (part.has("text")) {
                    text.append(part.path("text").asText());
                } else if (part.has("functionCall")) {
                    if (deltaCalls == null) {
                        deltaCalls = delta.putArray("tool_calls");
                    }
                    ObjectNode call = GeminiResponseMapper.toolCall(part.get("functionCall"), calls);
                    deltaCalls.addObject().put("index", calls).setAll(call);
                    calls++;
                }
            }
            if (!text.isEmpty() || delta.has("role")) {
                delta.put("content", text.toString());
            }
            toolCalls.put(index, calls);
            String finishReason = candidate.path("finishReason").asText(null);
            if (finishReason != null && !finishReason.equals("FINISH_REASON_UNSPECIFIED")) {
                choice.put("finish_reason", GeminiFinishReason.toOpenAi(finishReason, calls > 0));
                finished = true;
            }
            if (delta.isEmpty() && choice.get("finish_reason").isNull()) {
                choices.remove(choices.size() - 1);
            }
        }
    }
}
