package io.llmux.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Holds a provider's stream back until its first chunk with content: the future completes with the
 * whole stream (the chunks held back included) once one has arrived, and fails if the stream fails
 * (or ends) before. Until then nothing has reached the client, so a failure is still the router's
 * to retry elsewhere; after it, the stream is committed to this deployment (the streaming failure
 * contract). OpenAI-style streams open with a chunk that only names the role; that one is held
 * back too, or a provider failing right after it could never be failed over.
 *
 * <p>Chunks are relayed as they arrive (buffered only while the client is slower than the
 * provider). Cancelling the future, or the returned stream, cancels the provider's stream, which
 * closes its connection. {@code onEnd} runs once when a stream that was opened (handed out)
 * ends, however it ends, with its failure if it failed (for the deployment's circuit breaker: a
 * stream that breaks after its first chunk is not retried, but it is the deployment's fault); a
 * stream that failed before its first chunk was never opened.
 */
final class FirstChunkGate extends BaseSubscriber<ObjectNode> {

    private final CompletableFuture<Flux<ObjectNode>> opened = new CompletableFuture<>();
    private final Sinks.Many<ObjectNode> relay = Sinks.many().unicast().onBackpressureBuffer();
    private final Runnable onFirst;
    private final Runnable onComplete;
    private final Consumer<Throwable> onEnd;
    private final AtomicBoolean ended = new AtomicBoolean();
    private boolean first = true;

    private FirstChunkGate(Runnable onFirst, Runnable onComplete, Consumer<Throwable> onEnd) {
        this.onFirst = onFirst;
        this.onComplete = onComplete;
        this.onEnd = onEnd;
    }

    /**
     * @param onFirst    runs when the first chunk arrives
     * @param onComplete runs when the provider's stream completes properly
     * @param onEnd      runs once when the opened stream ends in any way: with the failure when it failed, with
     *                   null when it completed or the client cancelled it
     */
    static CompletableFuture<Flux<ObjectNode>> open(Flux<ObjectNode> chunks, Runnable onFirst, Runnable onComplete,
                                                    Consumer<Throwable> onEnd) {
        FirstChunkGate gate = new FirstChunkGate(onFirst, onComplete, onEnd);
        gate.opened.whenComplete((flux, failure) -> {
            if (gate.opened.isCancelled()) {
                gate.cancel();
            }
        });
        chunks.subscribe(gate);
        return gate.opened;
    }

    @Override
    protected void hookOnSubscribe(Subscription subscription) {
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    protected void hookOnNext(ObjectNode chunk) {
        relay.tryEmitNext(chunk);
        if (first && substantive(chunk)) {
            first = false;
            onFirst.run();
            opened.complete(relay.asFlux().doOnCancel(() -> {
                cancel();
                end(null);
            }));
        }
    }

    @Override
    protected void hookOnComplete() {
        onComplete.run();
        // Ended (breaker recorded, permit back) before the client can see the end: whoever reads the
        // deployment's state after the response finds this stream counted.
        end(null);
        relay.tryEmitComplete();
        if (first) {
            // A stream that ended properly with no chunk at all: nothing to fail over from.
            opened.complete(relay.asFlux());
        }
    }

    @Override
    protected void hookOnError(Throwable failure) {
        if (first) {
            opened.completeExceptionally(failure);
            return;
        }
        end(failure);
        relay.tryEmitError(failure);
    }

    /** Whether a chunk carries something a client would show: text, a refusal, a tool call, a finish reason or usage. */
    static boolean substantive(ObjectNode chunk) {
        JsonNode usage = chunk.get("usage");
        if (usage != null && !usage.isNull()) {
            return true;
        }
        JsonNode choices = chunk.get("choices");
        if (choices == null) {
            return true;
        }
        for (JsonNode choice : choices) {
            JsonNode finish = choice.get("finish_reason");
            if (finish != null && !finish.isNull()) {
                return true;
            }
            JsonNode delta = choice.get("delta");
            if (delta == null) {
                return true;
            }
            if (nonEmpty(delta.get("content")) || nonEmpty(delta.get("refusal")) || delta.has("tool_calls")
                    || delta.has("function_call")) {
                return true;
            }
        }
        return false;
    }

    private static boolean nonEmpty(JsonNode text) {
        return text != null && !text.isNull() && !(text.isTextual() && text.textValue().isEmpty());
    }

    private void end(Throwable failure) {
        if (ended.compareAndSet(false, true)) {
            onEnd.accept(failure);
        }
    }
}
