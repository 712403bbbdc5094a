package io.llmux.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.json.Json;
import io.llmux.sse.SseDecoder;
import io.llmux.sse.SseEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.SynchronousSink;

/**
 * Turns an OpenAI-style SSE byte stream into chunk objects. The stream must end with
 * {@code data: [DONE]}; a stream that stops without it is an error, not a quiet end, so a cut
 * connection is never mistaken for a finished answer.
 */
final class OpenAiStreamDecoder {

    private static final String DONE = "[DONE]";

    private final OpenAiErrorMapper errors;

    OpenAiStreamDecoder(OpenAiErrorMapper errors) {
        this.errors = errors;
    }

    /**
     * @param body the provider's bytes, as {@link io.llmux.provider.http.UpstreamResponse.Streaming}
     *             delivers them: ending with an error when the connection breaks or falls silent
     */
    Flux<ObjectNode> decode(Flux<byte[]> body) {
        return Flux.defer(() -> {
            SseDecoder sse = new SseDecoder();
            boolean[] done = {false};
            Throwable[] broken = {null};
            return body
                    // A broken or silent connection ends the bytes like a stream without [DONE]
                    // would, so the failure is reported after every event that did arrive: an
                    // error signal here would overtake the events still queued in
                    // concatMapIterable and lose them.
                    .onErrorResume(failure -> {
                        broken[0] = failure;
                        return Flux.empty();
                    })
                    .concatMapIterable(sse::feed)
                    // Events after [DONE] are dropped, not cut off by cancelling: the body then
                    // ends on its own and its keep-alive connection goes back to the pool.
                    .<ObjectNode>handle((event, sink) -> {
                        if (done[0]) {
                            return;
                        }
                        if (DONE.equals(event.data())) {
                            done[0] = true;
                            return;
                        }
                        chunk(event, sink);
                    })
                    .concatWith(Flux.defer(() -> done[0] ? Flux.empty()
                            : Flux.error(broken[0] == null ? errors.streamCut() : errors.streamBroken(broken[0]))));
        });
    }

    private void chunk(SseEvent event, SynchronousSink<ObjectNode> sink) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(event.data());
        } catch (Exception e) {
            sink.error(errors.malformed());
            return;
        }
        if (!(node instanceof ObjectNode chunk)) {
            sink.error(errors.malformed());
            return;
        }
        JsonNode error = chunk.get("error");
        if (error != null && error.isObject()) {
            sink.error(errors.streamError(error));
            return;
        }
        sink.next(chunk);
    }
}
