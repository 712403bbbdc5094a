package io.llmux.chat.http;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ErrorResponseProcessorExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.netty.handler.codec.compression.DecompressionException;
import jakarta.inject.Singleton;

/**
 * The Netty server inflates a body sent with {@code Content-Encoding: gzip} or {@code deflate}; a
 * body that is not what its header says fails there, before any controller runs. Without this
 * handler that was the client's fault answered as a 500 and logged as an unexpected error; it is a
 * 400, worded by {@link OpenAiErrorResponseProcessor}.
 */
@Singleton
@Produces
@Requires(classes = DecompressionException.class)
public class BadContentEncodingHandler extends ErrorResponseProcessorExceptionHandler<DecompressionException> {

    public BadContentEncodingHandler(ErrorResponseProcessor<?> responseProcessor) {
        super(responseProcessor);
    }

    @Override
    protected MutableHttpResponse<?> createResponse(DecompressionException exception) {
        return HttpResponse.badRequest();
    }
}
