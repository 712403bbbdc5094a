package io.llmux.chat.http;

import io.llmux.anthropic.AnthropicErrorBody;
import io.llmux.cache.CacheStatus;
import io.llmux.error.ErrorType;
import io.llmux.error.GatewayException;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;

/**
 * Error responses of the Anthropic-format routes: Anthropic's error body with the status, the
 * Retry-After and rate-limit headers the OpenAI routes send, and the request id under both LLMux's
 * header and Anthropic's ({@code request-id}, which Anthropic's SDKs report).
 */
final class AnthropicResponses {

    static final String ANTHROPIC_REQUEST_ID = "request-id";

    private AnthropicResponses() {
    }

    static MutableHttpResponse<byte[]> error(GatewayException e, String requestId) {
        MutableHttpResponse<byte[]> response = HttpResponse.<byte[]>status(HttpStatus.valueOf(e.status()))
                .body(AnthropicErrorBody.bytes(e, requestId))
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .header(CacheStatus.HEADER, CacheStatus.BYPASS.wireName());
        if (requestId != null) {
            response.header(OpenAiResponses.REQUEST_ID, requestId);
            response.header(ANTHROPIC_REQUEST_ID, requestId);
        }
        if (e.retryAfter() != null) {
            response.header("Retry-After", Long.toString(Math.max(1, (e.retryAfter().toMillis() + 999) / 1000)));
        }
        return OpenAiResponses.rateLimit(response, e.rateLimit());
    }

    /** No key at all: worded for Anthropic clients, who send it as x-api-key. */
    static GatewayException missingKey() {
        return new GatewayException(ErrorType.AUTHENTICATION,
                "You didn't provide an API key. Send your LLMux key as 'x-api-key: llmux-sk-...' (or 'Authorization: Bearer llmux-sk-...').",
                null, "missing_api_key", null);
    }
}
