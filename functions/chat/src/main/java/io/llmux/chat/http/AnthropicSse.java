package io.llmux.chat.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.anthropic.AnthropicErrorBody;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import reactor.core.publisher.Flux;

/**
 * Frames Anthropic stream events as server-sent events with their names:
 * {@code event: content_block_delta\ndata: {json}\n\n}. A stream that fails midway ends with
 * {@code event: error} and Anthropic's error body instead of {@code message_stop}, which
 * Anthropic's SDKs raise as an error. Silences are filled with {@code event: ping}, as Anthropic's
 * own API does, where the OpenAI routes send SSE comments.
 */
final class AnthropicSse {

    private static final byte[] EVENT = "event: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "\ndata: ".getBytes(StandardCharsets.US_ASCII);
    static final byte[] PING = "event: ping\ndata: {\"type\":\"ping\"}\n\n".getBytes(StandardCharsets.US_ASCII);

    private AnthropicSse() {
    }

    static Flux<byte[]> frame(Flux<ObjectNode> events, String requestId, Duration keepAlive) {
        Flux<byte[]> frames = events.map(AnthropicSse::event)
                .onErrorResume(failure -> Flux.just(event(AnthropicErrorBody.of(OpenAiSse.asGatewayError(failure), requestId))));
        return OpenAiSse.withKeepAlives(frames, keepAlive, PING);
    }

    /** Every Anthropic event names its own type, which is also its SSE event name. */
    static byte[] event(ObjectNode json) {
        byte[] name = json.path("type").asText().getBytes(StandardCharsets.US_ASCII);
        byte[] body = OpenAiResponses.bytes(json);
        byte[] frame = new byte[EVENT.length + name.length + DATA.length + body.length + 2];
        int at = 0;
        System.arraycopy(EVENT, 0, frame, at, EVENT.length);
        at += EVENT.length;
        System.arraycopy(name, 0, frame, at, name.length);
        at += name.length;
        System.arraycopy(DATA, 0, frame, at, DATA.length);
        at += DATA.length;
        System.arraycopy(body, 0, frame, at, body.length);
        frame[frame.length - 2] = '\n';
        frame[frame.length - 1] = '\n';
        return frame;
    }
}
