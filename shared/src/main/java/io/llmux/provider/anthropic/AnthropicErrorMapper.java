package io.llmux.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.error.ErrorType;
import io.llmux.error.GatewayException;
import io.llmux.error.SecretRedactor;
import io.llmux.json.Json;
import io.llmux.provider.http.UpstreamFailure;
import io.micronaut.http.HttpHeaders;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Maps what Anthropic answered (an error status with its {@code {"type":"error","error":{"type",
 * "message"}}} body, an {@code event: error} mid-stream, a broken connection, a timeout) to the
 * error LLMux gives its client. The client learns that provider NAME failed and how, never the
 * credential: upstream messages are redacted, and auth failures are not repeated at all (they are
 * the operator's to fix, and Anthropic's messages about them may quote the key).
 */
final class AnthropicErrorMapper {

    /** Anthropic's own status for "overloaded", beside 429 (this account's limits) and 5xx. */
    static final int OVERLOADED = 529;

    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);
    private static final int MAX_MESSAGE_CHARS = 1000;

    private final String provider;
    private final String apiKey;

    AnthropicErrorMapper(String provider, String apiKey) {
        this.provider = provider;
        this.apiKey = apiKey;
    }

    GatewayException fromStatus(int status, HttpHeaders headers, byte[] body, String upstreamModel) {
        JsonNode error = errorObject(body);
        String message = error == null ? null : redacted(error.path("message").asText(null));
        String detail = message == null ? "." : ": " + message;
        return switch (status) {
            case 400, 422 -> new GatewayException(ErrorType.INVALID_REQUEST,
                    "Provider '" + provider + "' rejected the request" + detail, null, "invalid_request", null);
            case 401, 403 -> new GatewayException(ErrorType.UPSTREAM_ERROR,
                    "Provider '" + provider + "' refused the gateway's credentials (HTTP " + status
                            + "). The gateway operator must check the key configured for it.",
                    null, "provider_auth_failed", null);
            case 404 -> new GatewayException(ErrorType.NOT_FOUND,
                    "Provider '" + provider + "' does not serve the model '" + upstreamModel + "'.",
                    "model", "model_not_found", null);
            case 413 -> new GatewayException(ErrorType.REQUEST_TOO_LARGE,
                    "Provider '" + provider + "' rejected the request as too large.", null, "request_too_large", null);
            case 429 -> new GatewayException(ErrorType.RATE_LIMITED,
                    "Provider '" + provider + "' is rate-limiting requests" + detail,
                    null, "rate_limit_exceeded", retryAfter(headers));
            // Overloaded is Anthropic-wide and passes: 503 with Retry-After tells clients (and
            // their SDKs, which retry 503) to come back, where a 502 would read as a broken gateway.
            case OVERLOADED, 503 -> new GatewayException(ErrorType.SERVICE_UNAVAILABLE,
                    "Provider '" + provider + "' is overloaded (HTTP " + status + "); retry shortly.",
                    null, "provider_overloaded", retryAfter(headers));
            default -> new GatewayException(ErrorType.UPSTREAM_ERROR,
                    "Provider '" + provider + "' failed with HTTP " + status + ".", null, "provider_error", null);
        };
    }

    GatewayException fromFailure(Throwable failure, Duration timeout) {
        Throwable cause = unwrap(failure);
        if (cause instanceof GatewayException gateway) {
            return gateway;
        }
        if (cause instanceof UpstreamFailure upstream) {
            if (upstream.isTimeout()) {
                return timeout(upstream.timeout());
            }
            if (upstream.kind() == UpstreamFailure.Kind.CONNECT) {
                return new GatewayException(ErrorType.UPSTREAM_ERROR,
                        "Could not connect to provider '" + provider + "'.", null, "provider_unreachable", null);
            }
        }
        if (cause instanceof TimeoutException) {
            return timeout(timeout);
        }
        if (cause instanceof CancellationException) {
            return new GatewayException(ErrorType.UPSTREAM_ERROR,
                    "The call to provider '" + provider + "' was cancelled.", null, "cancelled", null);
        }
        return new GatewayException(ErrorType.UPSTREAM_ERROR,
                "The connection to provider '" + provider + "' failed.", null, "provider_error", null);
    }

    GatewayException timeout(Duration timeout) {
        return new GatewayException(ErrorType.UPSTREAM_TIMEOUT,
                "Provider '" + provider + "' did not answer within " + format(timeout) + ".", null, "provider_timeout", null);
    }

    GatewayException malformed() {
        return new GatewayException(ErrorType.UPSTREAM_ERROR,
                "Provider '" + provider + "' returned a malformed response.", null, "provider_bad_response", null);
    }

    /** A stream that ended (cleanly at the HTTP level) without {@code message_stop}. */
    GatewayException streamCut() {
        return new GatewayException(ErrorType.UPSTREAM_ERROR,
                "Provider '" + provider + "' ended the stream before it was complete.", null, "provider_stream_cut", null);
    }

    /** A stream whose connection broke, or fell silent past the idle timeout, before message_stop. */
    GatewayException streamBroken(Throwable failure) {
        return failure instanceof UpstreamFailure upstream && upstream.isTimeout() ? timeout(upstream.timeout()) : streamCut();
    }

    /** Anthropic's {@code event: error}: its data is {@code {"type":"error","error":{"type","message"}}}. */
    GatewayException streamError(JsonNode error) {
        String type = error.path("type").asText("error");
        String message = redacted(error.path("message").asText("unknown error"));
        return new GatewayException(ErrorType.UPSTREAM_ERROR,
                "Provider '" + provider + "' reported an error mid-stream (" + type + "): " + message,
                null, "overloaded_error".equals(type) ? "provider_overloaded" : "provider_error", null);
    }

    /** Anthropic sends retry-after in seconds; an HTTP date is accepted too; else one second. */
    static Duration retryAfter(HttpHeaders headers) {
        String value = headers == null ? null : headers.findFirst("retry-after").map(String::trim).orElse(null);
        if (value == null || value.isEmpty()) {
            return DEFAULT_RETRY_AFTER;
        }
        try {
            if (value.chars().allMatch(Character::isDigit)) {
                return Duration.ofSeconds(Long.parseLong(value));
            }
            ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration until = Duration.between(ZonedDateTime.now(at.getZone()), at);
            return until.isNegative() ? Duration.ZERO : until;
        } catch (RuntimeException unparseable) {
            return DEFAULT_RETRY_AFTER;
        }
    }

    private String redacted(String message) {
        String clean = SecretRedactor.redact(message, apiKey);
        return clean == null || clean.length() <= MAX_MESSAGE_CHARS ? clean : clean.substring(0, MAX_MESSAGE_CHARS) + "...";
    }

    private static JsonNode errorObject(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            JsonNode error = Json.MAPPER.readTree(body).get("error");
            return error != null && error.isObject() ? error : null;
        } catch (Exception notJson) {
            return null;
        }
    }

    private static Throwable unwrap(Throwable t) {
        Throwable current = t;
        while ((current instanceof CompletionException || current instanceof ExecutionException) && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    private static String format(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
