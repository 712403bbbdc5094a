package io.llmux.chat.http;

import io.llmux.error.ErrorType;
import io.llmux.error.GatewayException;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import jakarta.inject.Singleton;

/**
 * Checks what the router cannot: that a JSON route got JSON, and not too much of it. The Netty
 * server enforces the same size limit while reading (micronaut.server.max-request-size); this
 * check covers the Lambda proxy path, where API Gateway hands over the body whole.
 */
@Singleton
public final class RequestBodyGuard {

    private final long maxBytes;

    public RequestBodyGuard(@Value("${llmux.max-request-bytes:10485760}") long maxBytes) {
        this.maxBytes = maxBytes;
    }

    public byte[] jsonBody(HttpRequest<?> request, byte[] body) {
        MediaType type = request.getContentType().orElse(null);
        if (type == null || !(type.getType().equals("application") && (type.getSubtype().equals("json") || type.getSubtype().endsWith("+json")))) {
            throw new GatewayException(ErrorType.UNSUPPORTED_MEDIA_TYPE,
                    "Unsupported Content-Type " + (type == null ? "(none)" : "'" + type.getName() + "'")
                            + ". Send the body as JSON with 'Content-Type: application/json'.",
                    null, "unsupported_media_type", null);
        }
        if (body != null && body.length > maxBytes) {
            throw tooLarge(maxBytes);
        }
        return body;
    }

    public static GatewayException tooLarge(long maxBytes) {
        return new GatewayException(ErrorType.REQUEST_TOO_LARGE,
                "The request body is larger than this gateway's limit of " + maxBytes + " bytes.",
                null, "request_too_large", null);
    }

    public long maxBytes() {
        return maxBytes;
    }
}
