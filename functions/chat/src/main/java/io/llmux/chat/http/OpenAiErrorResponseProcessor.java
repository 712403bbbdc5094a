package io.llmux.chat.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.anthropic.AnthropicErrorBody;
import io.llmux.error.ErrorType;
import io.llmux.error.GatewayException;
import io.llmux.error.OpenAiErrorBody;
import io.llmux.telemetry.RequestIds;
import io.micronaut.context.annotation.Primary;
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
 * Shapes every error the framework itself produces (unknown route, wrong method, body too large
 * for the server, an unexpected exception) as OpenAI's error object (Anthropic's on the
 * /v1/messages routes), so a client never sees Micronaut's own error format, a stack trace or an
 * exception message.
 */
@Singleton
@Primary
public class OpenAiErrorResponseProcessor implements ErrorResponseProcessor<ObjectNode> {

    private static final Logger LOG = LoggerFactory.getLogger(OpenAiErrorResponseProcessor.class);

    private final RequestBodyGuard guard;

    public OpenAiErrorResponseProcessor(RequestBodyGuard guard) {
        this.guard = guard;
    }

    @Override
    public MutableHttpResponse<ObjectNode> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        HttpStatus status = response.getStatus();
        GatewayException error = describe(context, status);
        // For a client error the framework's status is the right one (405, 406, 414...): the
        // error type only words it, and has no constant for each of them.
        response.status(status.getCode() < 500 ? status.getCode() : error.status()).contentType(MediaType.APPLICATION_JSON_TYPE);
        if (!response.getHeaders().contains(OpenAiResponses.REQUEST_ID)) {
            // Errors raised before any controller ran (unknown route, body over the limit) still
            // carry the request id the client can quote.
            response.header(OpenAiResponses.REQUEST_ID,
                    RequestIds.accept(context.getRequest().getHeaders().get(OpenAiResponses.REQUEST_ID)));
        }
        if (context.getRequest().getMethod() == HttpMethod.HEAD) {
            return response.body(null);
        }
        if (MessagesController.isAnthropicRoute(context.getRequest().getPath())) {
            return response.body(AnthropicErrorBody.of(error, response.getHeaders().get(OpenAiResponses.REQUEST_ID)));
        }
        return response.body(OpenAiErrorBody.of(error));
    }

    private GatewayException describe(ErrorContext context, HttpStatus status) {
        String route = context.getRequest().getMethodName() + " " + context.getRequest().getPath();
        return switch (status.getCode()) {
            case 404 -> new GatewayException(ErrorType.NOT_FOUND, "Unknown request URL: " + route + ".", null, "unknown_url", null);
            case 405 -> new GatewayException(ErrorType.INVALID_REQUEST, "Method not allowed: " + route + ".", null, "method_not_allowed", null);
            case 413 -> RequestBodyGuard.tooLarge(guard.maxBytes());
            case 415 -> new GatewayException(ErrorType.UNSUPPORTED_MEDIA_TYPE,
                    "Unsupported Content-Type. Send the body as JSON with 'Content-Type: application/json'.", null, "unsupported_media_type", null);
            case 406 -> new GatewayException(ErrorType.INVALID_REQUEST, "This route answers application/json (or text/event-stream when streaming).", null, "not_acceptable", null);
            default -> {
                if (status.getCode() >= 500) {
                    LOG.atError().setCause(context.getRootCause().orElse(null)).addKeyValue("route", route).log("Unhandled error");
                    yield new GatewayException(ErrorType.SERVER_ERROR, "The gateway failed to process the request.", null, "internal_error", null);
                }
                yield new GatewayException(ErrorType.INVALID_REQUEST, "The request could not be processed (HTTP " + status.getCode() + ").", null, "invalid_request", null);
            }
        };
    }
}
