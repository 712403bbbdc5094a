package io.llmux.chat.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.error.GatewayException;
import io.llmux.error.OpenAiErrorBody;
import io.llmux.error.ErrorType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import reactor.core.publisher.Flux;

/**
 * Frames chunks as OpenAI's server-sent events: {@code data: {json}\n\n} each, and
 * {@code data: [DONE]\n\n} after a complete answer. A stream that fails midway ends with an error
 * event ({@code data: {"error":{...}}}) and no [DONE], which OpenAI's SDKs raise as an error: the
 * client can never mistake a cut answer for a whole one.
 */
public final class OpenAiSse {

    private static final byte[] PREFIX = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);

    private OpenAiSse() {
    }

    public static Flux<byte[]> frame(Flux<? extends JsonNode> chunks) {
        return chunks.map(OpenAiSse::event)
                .concatWithValues(DONE)
                .onErrorResume(failure -> Flux.just(event(OpenAiErrorBody.of(asGatewayError(failure)))));
    }

    /**
     * Adds an SSE comment after every {@code every} of silence, so that proxies, load balancers and
     * API Gateway do not close a connection while a model thinks (reasoning models can be silent
     * for minutes before their first token). Clients ignore comments, as the SSE format requires.
     */
    public static Flux<byte[]> withKeepAlives(Flux<byte[]> frames, Duration every) {
        return withKeepAlives(frames, every, KEEP_ALIVE);
    }

    /** The same, with the route's own keep-alive frame (Anthropic's routes send {@code event: ping}). */
    static Flux<byte[]> withKeepAlives(Flux<byte[]> frames, Duration every, byte[] keepAlive) {
        if (every.isZero() || every.isNegative()) {
            return frames;
        }
        return frames.publish(shared -> Flux.merge(shared,
                shared.map(frame -> Boolean.TRUE).startWith(Boolean.TRUE)
                        // Each frame restarts the timer: comments fill silences only.
                        .switchMap(frame -> Flux.interval(every, every).map(tick -> keepAlive))
                        .takeUntilOther(shared.then())));
    }

    static byte[] event(JsonNode json) {
        byte[] body = OpenAiResponses.bytes(json);
        byte[] frame = Arrays.copyOf(PREFIX, PREFIX.length + body.length + 2);
        System.arraycopy(body, 0, frame, PREFIX.length, body.length);
        frame[frame.length - 2] = '\n';
        frame[frame.length - 1] = '\n';
        return frame;
    }

    static GatewayException asGatewayError(Throwable failure) {
        return failure instanceof GatewayException e ? e
                : new GatewayException(ErrorType.SERVER_ERROR, "The stream failed inside the gateway.", null, "internal_error", null);
    }
}
