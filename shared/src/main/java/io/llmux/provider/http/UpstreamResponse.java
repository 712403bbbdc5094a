package io.llmux.provider.http;

import io.micronaut.http.HttpHeaders;
import reactor.core.publisher.Flux;

/** What a provider answered: its status and headers, and its body read whole or still arriving. */
public sealed interface UpstreamResponse {

    int status();

    HttpHeaders headers();

    /** The whole body, already read. */
    record Whole(int status, HttpHeaders headers, byte[] body) implements UpstreamResponse {
    }

    /**
     * A body still arriving: chunks in the order they came. It ends with an error
     * ({@link UpstreamFailure}) if the connection breaks or falls silent past the idle timeout;
     * cancelling it closes the provider connection. It must be subscribed, exactly once.
     */
    record Streaming(int status, HttpHeaders headers, Flux<byte[]> body) implements UpstreamResponse {
    }
}
