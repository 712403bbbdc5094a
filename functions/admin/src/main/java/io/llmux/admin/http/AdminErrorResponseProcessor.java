package io.llmux.admin.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.error.ErrorType;
import io.llmux.error.GatewayException;
import io.llmux.error.OpenAiErrorBody;
import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Words the framework's own errors (unknown route, wrong method, an unexpected exception) in
 * OpenAI's error shape, so the admin function alone never answers in Micronaut's format or with a
 * stack trace. Where the chat function is present too (the local server), its processor answers
 * in the same shape for every route, and this one stands aside (two primaries would clash).
 */
@Singleton
@Primary
@Requires(condition = WithoutChatFunction.class)
public class AdminErrorResponseProcessor implements ErrorResponseProcessor<ObjectNode> {

    private static final Logger LOG = LoggerFactory.getLogger(AdminErrorResponseProcessor.class);

    @Override
    public MutableHttpResponse<ObjectNode> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        HttpStatus status = response.getStatus();
        GatewayException error = describe(context, status);
        response.status(status.getCode() < 500 ? status.getCode() : error.status()).contentType(MediaType.APPLICATION_JSON_TYPE);
        if (context.getRequest().getMethod() == HttpMethod.HEAD) {
            return response.body(null);
        }
        return response.body(OpenAiErrorBody.of(error));
    }

    private static GatewayException describe(ErrorContext context, HttpStatus status) {
        String route = context.getRequest().getMethodName() + " " + context.getRequest().getPath();
        return switch (status.getCode()) {
            case 404 -> new GatewayException(ErrorType.NOT_FOUND, "Unknown request URL: " + route + ".", null, "unknown_url", null);
            case 405 -> new GatewayException(ErrorType.INVALID_REQUEST, "Method not allowed: " + route + ".", null, "method_not_allowed", null);
            case 413 -> new GatewayException(ErrorType.REQUEST_TOO_LARGE, "The request body is too large.", null, "request_too_large", null);
            case 415 -> new GatewayException(ErrorType.UNSUPPORTED_MEDIA_TYPE,
                    "Unsupported Content-Type. Send the body as JSON with 'Content-Type: application/json'.", null, "unsupported_media_type", null);
            case 406 -> new GatewayException(ErrorType.INVALID_REQUEST, "This route answers application/json.", null, "not_acceptable", null);
            default -> {
                if (status.getCode() >= 500) {
                    LOG.atError().setCause(context.getRootCause().orElse(null)).addKeyValue("route", route).log("Unhandled error");
                    yield new GatewayException(ErrorType.SERVER_ERROR, "The gateway failed to process the request.", null, "internal_error", null);
                }
                yield new GatewayException(ErrorType.INVALID_REQUEST, "The request could not be processed (HTTP " + status.getCode() + ").",
                        null, "invalid_request", null);
            }
        };
    }
}
