package io.llmux.error;

import io.llmux.ratelimit.RateLimitDecision;
import java.time.Duration;

/**
 * An error the gateway reports to its client. The message is written for the client: it may name
 * a provider, a field or a model, and never contains a credential or a stack trace.
 */
public class GatewayException extends RuntimeException {

    private final ErrorType type;
    private final String param;
    private final String code;
    private final Duration retryAfter;
    private final RateLimitDecision rateLimit;

    public GatewayException(ErrorType type, String message, String param, String code, Duration retryAfter) {
        this(type, message, param, code, retryAfter, null);
    }

    private GatewayException(ErrorType type, String message, String param, String code, Duration retryAfter,
                             RateLimitDecision rateLimit) {
        super(message, null, false, false);
        this.type = type;
        this.param = param;
        this.code = code;
        this.retryAfter = retryAfter;
        this.rateLimit = rateLimit;
    }

    /**
     * The same error, reporting the rate-limit state of the request it failed (the limiter had
     * counted it, or refused it): error responses carry the rate-limit headers too.
     */
    public GatewayException withRateLimit(RateLimitDecision decision) {
        return new GatewayException(type, getMessage(), param, code, retryAfter, decision);
    }

    public static GatewayException invalid(String param, String message) {
        return new GatewayException(ErrorType.INVALID_REQUEST, message, param, invalidCode(param), null);
    }

    public static GatewayException modelNotFound(String model) {
        return new GatewayException(ErrorType.NOT_FOUND,
                "The model '" + model + "' does not exist or is not served by this gateway. GET /v1/models lists the models it serves.",
                "model", "model_not_found", null);
    }

    private static String invalidCode(String param) {
        return param == null ? "invalid_request" : "invalid_value";
    }

    public ErrorType type() {
        return type;
    }

    public int status() {
        return type.status();
    }

    public String param() {
        return param;
    }

    public String code() {
        return code;
    }

    /** The rate-limit state to report with this error, or null when the limiter had not run. */
    public RateLimitDecision rateLimit() {
        return rateLimit;
    }

    /** How long the client should wait before retrying, when the error is transient; else null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
