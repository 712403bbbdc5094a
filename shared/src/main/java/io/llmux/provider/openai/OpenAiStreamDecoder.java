package io.llmux.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.provider.http.SseChunkStream;
import io.llmux.provider.http.UpstreamErrors;
import io.llmux.sse.SseEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.SynchronousSink;

/**
 * Turns an OpenAI-style SSE byte stream into chunk objects. The stream must end with
 * {@code data: [DONE]}; a stream that stops without it is an error, not a quiet end, so a cut
 * connection is never mistaken for a finished answer ({@link SseChunkStream}).
 */
final class OpenAiStreamDecoder {

    private static final String DONE = "[DONE]";

    private final UpstreamErrors upstream;
    private final OpenAiErrorMapper errors;

    OpenAiStreamDecoder(OpenAiErrorMapper errors) {
        this.upstream = errors.upstream();
        this.errors = errors;
    }

    Flux<ObjectNode> decode(Flux<byte[]> body) {
        return SseChunkStream.decode(body, Reader::new, upstream);
    }

    private final class Reader implements SseChunkStream.Reader {

        private boolean done;

        @Override
        public void on(SseEvent event, SynchronousSink<ObjectNode> sink) {
            // Events after [DONE] are dropped, not cut off by cancelling: the body then ends on
            // its own and its keep-alive connection goes back to the pool.
            if (done) {
                return;
            }
            if (DONE.equals(event.data())) {
                done = true;
                return;
            }
            ObjectNode chunk = SseChunkStream.object(event);
            if (chunk == null) {
                sink.error(upstream.malformed());
                return;
            }
            JsonNode error = chunk.get("error");
            if (error != null && error.isObject()) {
                sink.error(errors.streamError(error));
                return;
            }
            sink.next(chunk);
        }

        @Override
        public boolean complete() {
            return done;
        }
    }
}
