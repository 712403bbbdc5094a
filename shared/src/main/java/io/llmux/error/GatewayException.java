package io.llmux.error;

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

    public GatewayException(ErrorType type, String message, String param, String code, Duration retryAfter) {
        super(message, null, false, false);
        this.type = type;
        this.param = param;
        this.code = code;
        this.retryAfter = retryAfter;
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

    /** How long the client should wait before retrying, when the error is transient; else null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
