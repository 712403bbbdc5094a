package io.llmux.chat.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.anthropic.AnthropicStreamTranslator;
import io.llmux.error.ErrorType;
import io.llmux.error.GatewayException;
import io.llmux.json.Json;
import io.llmux.snapstart.CheckpointPriming;
import jakarta.inject.Singleton;
import java.time.Duration;
import reactor.core.publisher.Flux;

/**
 * Primes the chat function's own share of a streamed answer before a SnapStart snapshot: SSE
 * framing of chunks, the [DONE] trailer, a mid-stream error event and the keep-alive wrapper, and
 * the same for the Anthropic route's event sequence.
 */
@Singleton
public final class SseFramingPriming implements CheckpointPriming {

    @Override
    public String name() {
        return "sse framing";
    }

    @Override
    public void prime() {
        ObjectNode chunk = Json.NODES.objectNode().put("id", "chatcmpl-priming").put("object", "chat.completion.chunk");
        chunk.putArray("choices").addObject().put("index", 0).putObject("delta").put("content", "hello");
        OpenAiSse.withKeepAlives(OpenAiSse.frame(Flux.just(chunk, chunk.deepCopy())), Duration.ofSeconds(15))
                .collectList().block();
        OpenAiSse.frame(Flux.just(chunk).concatWith(Flux.error(
                        new GatewayException(ErrorType.SERVER_ERROR, "priming", null, "internal_error", null))))
                .collectList().block();
        // The Anthropic route's translation and framing (/v1/messages), ending well and cut.
        AnthropicSse.frame(AnthropicStreamTranslator.translate(Flux.just(chunk.deepCopy()), "priming"), "req_priming",
                Duration.ofSeconds(15)).collectList().block();
        AnthropicSse.frame(AnthropicStreamTranslator.translate(Flux.just(chunk.deepCopy()).concatWith(Flux.error(
                        new GatewayException(ErrorType.SERVER_ERROR, "priming", null, "internal_error", null))), "priming"), "req_priming",
                Duration.ofSeconds(15)).collectList().block();
    }
}
