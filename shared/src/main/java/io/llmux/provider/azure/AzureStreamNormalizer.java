package io.llmux.provider.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Azure OpenAI opens a stream with a chunk of its own: no choices, an empty id, model and object,
 * and the prompt's content-filter verdict ({@code prompt_filter_results}). That chunk is not a valid
 * OpenAI chunk ({@code object} must be {@code chat.completion.chunk}) and would give a client (and
 * the response cache, which takes the envelope from the first chunk) an empty id. It is held back
 * and its {@code prompt_filter_results} carried on the next chunk instead, so clients that read
 * Azure's filter results still find them, on a chunk with a proper envelope. Every other chunk
 * passes through untouched, {@code content_filter_results} included.
 */
final class AzureStreamNormalizer {

    private static final String CHUNK = "chat.completion.chunk";
    private static final String PROMPT_FILTER_RESULTS = "prompt_filter_results";

    private AzureStreamNormalizer() {
    }

    static Flux<ObjectNode> normalize(Flux<ObjectNode> chunks, String upstreamModel) {
        return Flux.defer(() -> {
            JsonNode[] pending = {null};
            ObjectNode[] held = {null};
            return chunks.<ObjectNode>handle((chunk, sink) -> {
                        if (isPromptFilterChunk(chunk)) {
                            pending[0] = chunk.get(PROMPT_FILTER_RESULTS);
                            held[0] = chunk;
                            return;
                        }
                        if (pending[0] != null) {
                            if (!chunk.has(PROMPT_FILTER_RESULTS)) {
                                chunk.set(PROMPT_FILTER_RESULTS, pending[0]);
                            }
                            pending[0] = null;
                            held[0] = null;
                        }
                        sink.next(chunk);
                    })
                    // A stream that ended after the filter chunk alone still shows it, made valid.
                    .concatWith(Mono.fromSupplier(() -> held[0] == null ? null : repaired(held[0], upstreamModel)));
        });
    }

    private static boolean isPromptFilterChunk(ObjectNode chunk) {
        JsonNode choices = chunk.get("choices");
        return chunk.has(PROMPT_FILTER_RESULTS) && (choices == null || choices.isEmpty())
                && !chunk.hasNonNull("usage") && !CHUNK.equals(chunk.path("object").asText());
    }

    private static ObjectNode repaired(ObjectNode chunk, String upstreamModel) {
        chunk.put("object", CHUNK);
        if (chunk.path("model").asText("").isEmpty()) {
            chunk.put("model", upstreamModel);
        }
        return chunk;
    }
}
