package io.llmux.error;

/**
 * What went wrong, independent of the API that reports it. Each ingress (OpenAI routes today,
 * Anthropic's /v1/messages later) maps these to its own error shape, so the pipeline never knows
 * which wire format it is answering in.
 */
public enum ErrorType {
    INVALID_REQUEST(400, "invalid_request_error"),
    AUTHENTICATION(401, "authentication_error"),
    PERMISSION(403, "permission_error"),
    NOT_FOUND(404, "invalid_request_error"),
    CONFLICT(409, "invalid_request_error"),
    UNSUPPORTED_MEDIA_TYPE(415, "invalid_request_error"),
    REQUEST_TOO_LARGE(413, "invalid_request_error"),
    /** The request line is over the HTTP server's limit. */
    URI_TOO_LONG(414, "invalid_request_error"),
    /** The header block is over the HTTP server's limit. */
    HEADERS_TOO_LARGE(431, "invalid_request_error"),
    RATE_LIMITED(429, "rate_limit_error"),
    /** A hard-capped token or cost budget is used up for its period (OpenAI's insufficient_quota). */
    INSUFFICIENT_QUOTA(429, "insufficient_quota"),
    UPSTREAM_ERROR(502, "upstream_error"),
    UPSTREAM_TIMEOUT(504, "upstream_timeout"),
    /** The gateway cannot serve now (a dependency it must not do without is down). */
    SERVICE_UNAVAILABLE(503, "server_error"),
    SERVER_ERROR(500, "server_error");

    private final int status;
    private final String openAiType;

    ErrorType(int status, String openAiType) {
        this.status = status;
        this.openAiType = openAiType;
    }

    public int status() {
        return status;
    }

    /** The {@code error.type} value OpenAI clients expect for this kind of error. */
    public String openAiType() {
        return openAiType;
    }
}
