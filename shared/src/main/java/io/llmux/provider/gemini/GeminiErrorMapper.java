package io.llmux.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.error.ErrorType;
import io.llmux.error.GatewayException;
import io.llmux.provider.http.ErrorStatusMapper;
import io.llmux.provider.http.RetryAfter;
import io.llmux.provider.http.UpstreamErrors;
import io.micronaut.http.HttpHeaders;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;

/**
 * Maps Google's errors ({@code {"error":{"code","message","status","details"}}}) to the error
 * LLMux gives its client; connection failures, timeouts and cut streams are mapped as for every
 * provider, by {@link UpstreamErrors}.
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
final class GeminiErrorMapper implements ErrorStatusMapper {

    private final String provider;
    private final UpstreamErrors upstream;

    GeminiErrorMapper(String provider, String apiKey) {
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
        String googleStatus = error == null ? "" : error.path("status").asText("");
        if (status == 401 || status == 403 || hasReason(error, "API_KEY_INVALID")) {
            return upstream.credentialsRefused(status);
        }
        return switch (status) {
            case 400 -> "FAILED_PRECONDITION".equals(googleStatus)
                    ? new GatewayException(ErrorType.UPSTREAM_ERROR, "Provider '" + provider + "' cannot serve requests from this gateway"
                            + UpstreamErrors.detail(message), null, "provider_unavailable", null)
                    : contextTooLong(message) ? upstream.contextLengthExceeded(message)
                    : upstream.rejected(message, null, null);
            case 404 -> upstream.modelNotFound(upstreamModel);
            case 413 -> upstream.tooLarge();
            case 429 -> upstream.rateLimited(message, "rate_limit_exceeded", retryAfter(headers, error));
            case 503 -> new GatewayException(ErrorType.SERVICE_UNAVAILABLE, "Provider '" + provider
                    + "' is overloaded or unavailable (HTTP 503). Retry later.", null, "provider_unavailable",
                    headers != null && headers.contains("retry-after") ? RetryAfter.of(headers) : null);
            case 504 -> new GatewayException(ErrorType.UPSTREAM_TIMEOUT, "Provider '" + provider
                    + "' ran out of time on its side (HTTP 504).", null, "provider_timeout", null);
            default -> upstream.failed(status);
        };
    }

    /** An {@code {"error":{...}}} event inside a stream that had started. */
    GatewayException streamError(JsonNode error) {
        return upstream.streamError(upstream.clean(error.path("message").asText("unknown error")));
    }

    /** Retry-After when Google sent one, else the RetryInfo detail's retryDelay ("7s"), else one second. */
    static Duration retryAfter(HttpHeaders headers, JsonNode error) {
        if (headers != null && headers.contains("retry-after")) {
            return RetryAfter.of(headers);
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
        return RetryAfter.DEFAULT;
    }

    /**
     * Google's words for a prompt beyond the model's context window, in a 400 INVALID_ARGUMENT:
     * "The input token count (1200000) exceeds the maximum number of tokens allowed (1048576)."
     * Google has no reason code for it; routing needs one.
     */
    static boolean contextTooLong(String message) {
        if (message == null) {
            return false;
        }
        String text = message.toLowerCase(Locale.ROOT);
        return text.contains("input token count") && text.contains("exceeds the maximum number of tokens");
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
}
