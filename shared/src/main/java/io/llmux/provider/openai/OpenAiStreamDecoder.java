package io.llmux.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.json.Json;
import io.llmux.sse.SseDecoder;
import io.llmux.sse.SseEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Flow;
import reactor.adapter.JdkFlowAdapter;
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

    Flux<ObjectNode> decode(Flow.Publisher<List<ByteBuffer>> body, Duration idleTimeout) {
        return Flux.defer(() -> {
            SseDecoder sse = new SseDecoder();
            boolean[] done = {false};
            boolean[] silent = {false};
            return JdkFlowAdapter.flowPublisherToFlux(body)
                    // A broken connection, or a silence longer than the idle timeout, ends the
                    // bytes like a stream without [DONE] would, so the failure is reported after
                    // every event that did arrive: an error signal here would overtake the events
                    // still queued in concatMapIterable and lose them.
                    .onErrorResume(IOException.class, cut -> Flux.empty())
                    .timeout(idleTimeout, Flux.defer(() -> {
                        silent[0] = true;
                        return Flux.empty();
                    }))
                    .concatMapIterable(sse::feed)
                    .takeWhile(event -> !(done[0] = DONE.equals(event.data())))
                    .<ObjectNode>handle((event, sink) -> chunk(event, sink))
                    .concatWith(Flux.defer(() -> done[0] ? Flux.empty()
                            : Flux.error(silent[0] ? errors.timeout(idleTimeout) : errors.streamCut())));
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
