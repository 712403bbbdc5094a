package io.llmux.chat.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.anthropic.AnthropicErrorBody;
import io.llmux.error.ErrorType;
import io.llmux.error.GatewayException;
import io.llmux.error.OpenAiErrorBody;
import io.llmux.telemetry.RequestIds;
import io.micronaut.context.annotation.Primary;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.netty.handler.codec.compression.DecompressionException;
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

    /** The path Netty gives a request whose first line it could not decode. */
    private static final String NETTY_UNREADABLE_REQUEST_PATH = "/bad-request";

    private final RequestBodyGuard guard;

    public OpenAiErrorResponseProcessor(RequestBodyGuard guard) {
        this.guard = guard;
    }

    @Override
    public MutableHttpResponse<ObjectNode> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        HttpStatus status = response.getStatus();
        boolean undecodable = undecodable(context, status);
        GatewayException error = undecodable ? undecodableRequest(context, status) : describe(context, status);
        // For any other client error the framework's status is the right one (405, 406...): the
        // error type only words it, and has no constant for each of them.
        response.status(status.getCode() < 500 && !undecodable ? status.getCode() : error.status())
                .contentType(MediaType.APPLICATION_JSON_TYPE);
        if (undecodable) {
            // The server closes the connection after these: what follows on it cannot be framed.
            // Said in so many words, because an answer to an unreadable request line is HTTP/1.0,
            // whose implied close the JDK's HttpClient, for one, overlooks: it reuses the connection.
            response.header(HttpHeaders.CONNECTION, "close");
        }
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

    /**
     * Whether Netty's decoder refused the request before any of it reached a route: an over-long
     * request line or header block (Micronaut's {@code micronaut.server.netty.max-initial-line-length},
     * 4 KiB, and {@code max-header-size}, 8 KiB), or HTTP it cannot read (two Content-Lengths, a
     * negative one, a garbled line or chunk). Micronaut answers these with a 413 or a 400 that,
     * unlike a body over the limit or a route's own error, carries no cause.
     */
    private static boolean undecodable(ErrorContext context, HttpStatus status) {
        return (status == HttpStatus.REQUEST_ENTITY_TOO_LARGE || status == HttpStatus.BAD_REQUEST) && context.getRootCause().isEmpty();
    }

    /** What {@link #undecodable} refused: Netty names a request whose first line it could not read {@code /bad-request}. */
    private static GatewayException undecodableRequest(ErrorContext context, HttpStatus status) {
        if (status == HttpStatus.BAD_REQUEST) {
            return new GatewayException(ErrorType.INVALID_REQUEST, "The request is not well-formed HTTP/1.1: its request line, headers "
                    + "or chunked body could not be read.", null, "malformed_http", null);
        }
        if (NETTY_UNREADABLE_REQUEST_PATH.equals(context.getRequest().getPath())) {
            return new GatewayException(ErrorType.URI_TOO_LONG, "The request URL is longer than this gateway accepts.", null,
                    "uri_too_long", null);
        }
        return new GatewayException(ErrorType.HEADERS_TOO_LARGE, "The request headers are larger than this gateway accepts.", null,
                "headers_too_large", null);
    }

    private GatewayException describe(ErrorContext context, HttpStatus status) {
        String route = context.getRequest().getMethodName() + " " + context.getRequest().getPath();
        if (context.getRootCause().orElse(null) instanceof DecompressionException) {
            return new GatewayException(ErrorType.INVALID_REQUEST, "The request body could not be decompressed: it is not encoded as its "
                    + "Content-Encoding header says. Send it so, or without that header.", null, "invalid_content_encoding", null);
        }
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
