package io.llmux.provider.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.error.GatewayException;
import io.llmux.json.Json;
import io.llmux.sse.SseDecoder;
import io.llmux.sse.SseEvent;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.SynchronousSink;

/**
 * A provider's server-sent-event stream as OpenAI chunks: the part every SSE adapter (OpenAI,
 * Anthropic, Gemini) shares. The adapter's {@link Reader} turns each event into chunks and says
 * when the provider declared the answer complete; this class makes sure that a stream that stops
 * before that, cleanly or broken or silent, ends with an error and is never mistaken for a
 * finished answer.
 */
public final class SseChunkStream {

    /** One stream's reading of its events, in order, by one subscriber. */
    public interface Reader {

        /** Emits the chunks of one event (often one, sometimes none), or an error. */
        void on(SseEvent event, SynchronousSink<ObjectNode> sink);

        /** Whether the provider said its answer is complete ([DONE], message_stop, a finish reason). */
        boolean complete();

        /** What follows a complete stream: a chunk held back until the end (usage), or nothing. */
        default Flux<ObjectNode> tail() {
            return Flux.empty();
        }
    }

    private SseChunkStream() {
    }

    /**
     * @param body the provider's bytes, as {@link UpstreamResponse.Streaming} delivers them: ending
     *             with an error when the connection breaks or falls silent
     * @param reader a new reader for each subscription
     */
    public static Flux<ObjectNode> decode(Flux<byte[]> body, Supplier<? extends Reader> reader, UpstreamErrors errors) {
        return Flux.defer(() -> {
            SseDecoder sse = new SseDecoder();
            Reader events = reader.get();
            Throwable[] broken = {null};
            return body
                    // A broken or silent connection ends the bytes like a stream without its end
                    // marker would, so the failure is reported after every event that did arrive:
                    // an error signal here would overtake the events still queued in
                    // concatMapIterable and lose them.
                    .onErrorResume(failure -> {
                        broken[0] = failure;
                        return Flux.empty();
                    })
                    .concatMapIterable(sse::feed)
                    .<ObjectNode>handle(events::on)
                    .concatWith(Flux.defer(() -> events.complete() ? events.tail()
                            : Flux.error(broken[0] == null ? errors.streamCut() : errors.streamBroken(broken[0]))))
                    // A reader that tripped over an event it could not read: the answer was malformed.
                    .onErrorMap(failure -> !(failure instanceof GatewayException), failure -> errors.malformed());
        });
    }

    /** An event's data as a JSON object, or null when it is not one (the reader reports it malformed). */
    public static ObjectNode object(SseEvent event) {
        try {
            return Json.MAPPER.readTree(event.data()) instanceof ObjectNode object ? object : null;
        } catch (Exception notJson) {
            return null;
        }
    }
}
