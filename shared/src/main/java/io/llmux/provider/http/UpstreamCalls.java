package io.llmux.provider.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.error.GatewayException;
import io.llmux.json.Json;
import io.llmux.provider.ProviderSettings;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;

/**
 * One HTTP provider's calls, from request bytes to a result or the error its client gets: what
 * the OpenAI, Anthropic and Gemini adapters did alike around {@link UpstreamHttp}. A request the
 * adapter cannot map fails the call before anything is sent; a transport failure is mapped by
 * {@link UpstreamErrors} (against the total timeout for a whole answer, the first-byte timeout for
 * a stream); a non-200 answer by the adapter's {@link ErrorStatusMapper}. Cancelling the result
 * (the client went away) cancels the exchange too, closing its connection: a plain dependent
 * future would leave the provider call running, and billing.
 */
public final class UpstreamCalls implements AutoCloseable {

    private final UpstreamHttp http;
    private final ProviderSettings settings;
    private final UpstreamErrors errors;
    private final ErrorStatusMapper statuses;

    public UpstreamCalls(UpstreamHttp http, ProviderSettings settings, UpstreamErrors errors, ErrorStatusMapper statuses) {
        this.http = http;
        this.settings = settings;
        this.errors = errors;
        this.statuses = statuses;
    }

    /**
     * POSTs the request and reads the whole answer: a JSON object handed to {@code onSuccess},
     * which may throw a {@link GatewayException} (an answer without what it needs is malformed).
     *
     * @param request the request body; a {@link GatewayException} it throws fails the call unsent
     */
    public <T> CompletableFuture<T> whole(URI uri, Map<String, String> headers, Supplier<byte[]> request,
                                          String upstreamModel, Function<ObjectNode, T> onSuccess) {
        byte[] body;
        try {
            body = request.get();
        } catch (GatewayException invalid) {
            return CompletableFuture.failedFuture(invalid);
        }
        CompletableFuture<UpstreamResponse.Whole> sent = http.post(uri, headers, body);
        return cancelTogether(sent.handle((response, failure) -> {
            if (failure != null) {
                throw new CompletionException(errors.fromFailure(failure, settings.totalTimeout()));
            }
            if (response.status() != 200) {
                throw new CompletionException(statuses.fromStatus(response.status(), response.headers(), response.body(),
                        upstreamModel));
            }
            return onSuccess.apply(jsonObject(response.body()));
        }), sent);
    }

    /**
     * POSTs the request and, when the provider starts a stream (a 200), hands its bytes to
     * {@code onStream}; any other status is the provider's error, read whole.
     */
    public <T> CompletableFuture<T> stream(URI uri, Map<String, String> headers, Supplier<byte[]> request,
                                           String upstreamModel, Function<Flux<byte[]>, T> onStream) {
        byte[] body;
        try {
            body = request.get();
        } catch (GatewayException invalid) {
            return CompletableFuture.failedFuture(invalid);
        }
        CompletableFuture<UpstreamResponse> sent = http.stream(uri, headers, body);
        return cancelTogether(sent.handle((response, failure) -> {
            if (failure != null) {
                throw new CompletionException(errors.fromFailure(failure, settings.firstByteTimeout()));
            }
            return switch (response) {
                case UpstreamResponse.Streaming live -> onStream.apply(live.body());
                case UpstreamResponse.Whole whole -> throw new CompletionException(
                        statuses.fromStatus(whole.status(), whole.headers(), whole.body(), upstreamModel));
            };
        }), sent);
    }

    private ObjectNode jsonObject(byte[] bytes) {
        try {
            if (Json.MAPPER.readTree(bytes) instanceof ObjectNode object) {
                return object;
            }
        } catch (Exception malformed) {
            // reported below
        }
        throw new CompletionException(errors.malformed());
    }

    private static <T> CompletableFuture<T> cancelTogether(CompletableFuture<T> result, CompletableFuture<?> exchange) {
        result.whenComplete((value, failure) -> {
            if (result.isCancelled()) {
                exchange.cancel(true);
            }
        });
        return result;
    }

    /** Releases the HTTP client when it is the provider's own ({@link UpstreamHttp#close()}). */
    @Override
    public void close() {
        http.close();
    }
}
