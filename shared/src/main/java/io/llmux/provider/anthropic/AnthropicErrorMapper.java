package io.llmux.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.error.ErrorType;
import io.llmux.error.GatewayException;
import io.llmux.provider.http.ErrorStatusMapper;
import io.llmux.provider.http.RetryAfter;
import io.llmux.provider.http.UpstreamErrors;
import io.micronaut.http.HttpHeaders;
import java.util.Locale;

/**
 * Maps what Anthropic answered with an error status (its {@code {"type":"error","error":{"type",
 * "message"}}} body) or an {@code event: error} mid-stream to the error LLMux gives its client.
 * The client learns that provider NAME failed and how, never the credential: upstream messages are
 * redacted, and auth failures are not repeated at all (they are the operator's to fix, and
 * Anthropic's messages about them may quote the key). Connection failures, timeouts and cut
 * streams are {@link UpstreamErrors}', as for every provider.
 */
final class AnthropicErrorMapper implements ErrorStatusMapper {

    /** Anthropic's own status for "overloaded", beside 429 (this account's limits) and 5xx. */
    static final int OVERLOADED = 529;

    private final String provider;
    private final UpstreamErrors upstream;

    AnthropicErrorMapper(String provider, String apiKey) {
        this.provider = provider;
        this.upstream = new UpstreamErrors(provider, apiKey);
    }

    /** The failures every provider shares, worded for this one. */
    UpstreamErrors upstream() {
        return upstream;
    }

    @Override
    public GatewayException fromStatus(int status, HttpHeaders headers, byte[] body, String upstreamModel) {
        JsonNode error = UpstreamErrors.errorObject(body);
        String message = error == null ? null : upstream.clean(error.path("message").asText(null));
        return switch (status) {
            case 400, 422 -> contextTooLong(message) ? upstream.contextLengthExceeded(message)
                    : upstream.rejected(message, null, "invalid_request");
            case 401, 403 -> upstream.credentialsRefused(status);
            case 404 -> upstream.modelNotFound(upstreamModel);
            case 413 -> upstream.tooLarge();
            case 429 -> upstream.rateLimited(message, "rate_limit_exceeded", RetryAfter.of(headers));
            // Overloaded is Anthropic-wide and passes: 503 with Retry-After tells clients (and
            // their SDKs, which retry 503) to come back, where a 502 would read as a broken gateway.
            case OVERLOADED, 503 -> new GatewayException(ErrorType.SERVICE_UNAVAILABLE,
                    "Provider '" + provider + "' is overloaded (HTTP " + status + "); retry shortly.",
                    null, "provider_overloaded", RetryAfter.of(headers));
            default -> upstream.failed(status);
        };
    }

    /**
     * Anthropic's words for a prompt beyond the model's context window, in a 400
     * invalid_request_error: "prompt is too long: 210000 tokens > 200000 maximum", or, when the
     * prompt fits but not with max_tokens, "input length and `max_tokens` exceed context limit: ...".
     * Anthropic has no code for it; routing needs one.
     */
    static boolean contextTooLong(String message) {
        if (message == null) {
            return false;
        }
        String text = message.toLowerCase(Locale.ROOT);
        return text.startsWith("prompt is too long") || text.contains("exceed context limit");
    }

    /** Anthropic's {@code event: error}: its data is {@code {"type":"error","error":{"type","message"}}}. */
    GatewayException streamError(JsonNode error) {
        String type = error.path("type").asText("error");
        String message = upstream.clean(error.path("message").asText("unknown error"));
        return new GatewayException(ErrorType.UPSTREAM_ERROR,
                "Provider '" + provider + "' reported an error mid-stream (" + type + "): " + message,
                null, "overloaded_error".equals(type) ? "provider_overloaded" : "provider_error", null);
    }
}
