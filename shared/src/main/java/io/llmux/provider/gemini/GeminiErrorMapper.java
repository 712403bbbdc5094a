package io.llmux.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.error.ErrorType;
import io.llmux.error.GatewayException;
import io.llmux.error.SecretRedactor;
import io.llmux.json.Json;
import io.llmux.provider.openai.OpenAiErrorMapper;
import io.micronaut.http.HttpHeaders;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * Maps Google's errors ({@code {"error":{"code","message","status","details"}}}) to the error
 * LLMux gives its client; connection failures, timeouts and cut streams are mapped as for every
 * HTTP provider, by {@link OpenAiErrorMapper}.
 *
 * <ul>
 *   <li>400 INVALID_ARGUMENT: the client's request, passed on as a 400 (message redacted);</li>
 *   <li>400 with reason API_KEY_INVALID (Google answers a bad key with a 400), 401, 403, and 400
 *       FAILED_PRECONDITION (the API is not available to the project or region): the operator's
 *       problem, a 502 that does not repeat Google's words;</li>
 *   <li>404: the model is unknown, 404 model_not_found;</li>
 *   <li>429 RESOURCE_EXHAUSTED: 429 with Retry-After from the header, else from the RetryInfo detail;</li>
 *   <li>503 UNAVAILABLE (the model is overloaded): 503, so clients retry; 504: a timeout; other 5xx: 502.</li>
 * </ul>
 */
final class GeminiErrorMapper {

    private static final int MAX_MESSAGE_CHARS = 1000;

    private final String provider;
    private final String apiKey;
    private final OpenAiErrorMapper transport;

    GeminiErrorMapper(String provider, String apiKey) {
        this.provider = provider;
        this.apiKey = apiKey;
        this.transport = new OpenAiErrorMapper(provider, apiKey);
    }

    GatewayException fromStatus(int status, HttpHeaders headers, byte[] body, String upstreamModel) {
        JsonNode error = errorObject(body);
        String message = error == null ? null : clean(error.path("message").asText(null));
        String googleStatus = error == null ? "" : error.path("status").asText("");
        if (status == 401 || status == 403 || hasReason(error, "API_KEY_INVALID")) {
            return new GatewayException(ErrorType.UPSTREAM_ERROR, "Provider '" + provider
                    + "' refused the gateway's credentials (HTTP " + status + "). The gateway operator must check the key configured for it.",
                    null, "provider_auth_failed", null);
        }
        return switch (status) {
            case 400 -> "FAILED_PRECONDITION".equals(googleStatus)
                    ? new GatewayException(ErrorType.UPSTREAM_ERROR, "Provider '" + provider + "' cannot serve requests from this gateway"
                            + (message == null ? "." : ": " + message), null, "provider_unavailable", null)
                    : new GatewayException(ErrorType.INVALID_REQUEST, "Provider '" + provider + "' rejected the request"
                            + (message == null ? "." : ": " + message), null, null, null);
            case 404 -> new GatewayException(ErrorType.NOT_FOUND,
                    "Provider '" + provider + "' does not serve the model '" + upstreamModel + "'.", "model", "model_not_found", null);
            case 413 -> new GatewayException(ErrorType.REQUEST_TOO_LARGE,
                    "Provider '" + provider + "' rejected the request as too large.", null, "request_too_large", null);
            case 429 -> new GatewayException(ErrorType.RATE_LIMITED, "Provider '" + provider + "' is rate-limiting requests"
                    + (message == null ? "." : ": " + message), null, "rate_limit_exceeded", retryAfter(headers, error));
            case 503 -> new GatewayException(ErrorType.SERVICE_UNAVAILABLE, "Provider '" + provider
                    + "' is overloaded or unavailable (HTTP 503). Retry later.", null, "provider_unavailable",
                    headers != null && headers.contains("retry-after") ? OpenAiErrorMapper.retryAfter(headers) : null);
            case 504 -> new GatewayException(ErrorType.UPSTREAM_TIMEOUT, "Provider '" + provider
                    + "' ran out of time on its side (HTTP 504).", null, "provider_timeout", null);
            default -> new GatewayException(ErrorType.UPSTREAM_ERROR,
                    "Provider '" + provider + "' failed with HTTP " + status + ".", null, "provider_error", null);
        };
    }

    GatewayException fromFailure(Throwable failure, Duration timeout) {
        return transport.fromFailure(failure, timeout);
    }

    GatewayException malformed() {
        return transport.malformed();
    }

    GatewayException streamCut() {
        return transport.streamCut();
    }

    GatewayException streamBroken(Throwable failure) {
        return transport.streamBroken(failure);
    }

    /** An {@code {"error":{...}}} event inside a stream that had started. */
    GatewayException streamError(JsonNode error) {
        String message = clean(error.path("message").asText("unknown error"));
        return new GatewayException(ErrorType.UPSTREAM_ERROR,
                "Provider '" + provider + "' reported an error mid-stream: " + message, null, "provider_error", null);
    }

    /** Retry-After when Google sent one, else the RetryInfo detail's retryDelay ("7s"), else one second. */
    static Duration retryAfter(HttpHeaders headers, JsonNode error) {
        if (headers != null && headers.contains("retry-after")) {
            return OpenAiErrorMapper.retryAfter(headers);
        }
        if (error != null) {
            for (JsonNode detail : error.path("details")) {
                String delay = detail.path("retryDelay").asText("");
                if (detail.path("@type").asText().endsWith("google.rpc.RetryInfo") && delay.endsWith("s")) {
                    try {
                        BigDecimal seconds = new BigDecimal(delay.substring(0, delay.length() - 1));
                        return Duration.ofMillis(seconds.movePointRight(3).longValue());
                    } catch (NumberFormatException | ArithmeticException unparseable) {
                        break;
                    }
                }
            }
        }
        return OpenAiErrorMapper.retryAfter(null);
    }

    private static boolean hasReason(JsonNode error, String reason) {
        if (error == null) {
            return false;
        }
        for (JsonNode detail : error.path("details")) {
            if (reason.equals(detail.path("reason").asText())) {
                return true;
            }
        }
        return false;
    }

    private String clean(String message) {
        String redacted = SecretRedactor.redact(message, apiKey);
        if (redacted == null || redacted.length() <= MAX_MESSAGE_CHARS) {
            return redacted;
        }
        return redacted.substring(0, MAX_MESSAGE_CHARS) + "...";
    }

    private static JsonNode errorObject(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            JsonNode root = Json.MAPPER.readTree(body);
            // Google wraps errors in an array in some streaming answers: [{"error":{...}}].
            if (root != null && root.isArray() && !root.isEmpty()) {
                root = root.get(0);
            }
            JsonNode error = root == null ? null : root.get("error");
            return error != null && error.isObject() ? error : null;
        } catch (Exception notJson) {
            return null;
        }
    }
}
