package io.llmux.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.error.ErrorType;
import io.llmux.error.GatewayException;
import io.llmux.json.Json;

/**
 * Renders a {@link GatewayException} as Anthropic's error body,
 * {@code {"type":"error","error":{"type":...,"message":...},"request_id":...}}, the shape
 * Anthropic's SDKs parse (the same object is the data of a streamed {@code error} event).
 */
public final class AnthropicErrorBody {

    private AnthropicErrorBody() {
    }

    public static ObjectNode of(GatewayException e, String requestId) {
        ObjectNode root = Json.NODES.objectNode();
        root.put("type", "error");
        ObjectNode error = root.putObject("error");
        error.put("type", type(e.type()));
        error.put("message", e.getMessage());
        if (requestId != null) {
            root.put("request_id", requestId);
        }
        return root;
    }

    public static byte[] bytes(GatewayException e, String requestId) {
        try {
            return Json.MAPPER.writeValueAsBytes(of(e, requestId));
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /**
     * Anthropic's error type for each kind of failure. Anthropic answers an oversized body with
     * {@code request_too_large}, but its SDKs do not know that type; {@code invalid_request_error}
     * with status 413 is what they parse.
     */
    public static String type(ErrorType type) {
        return switch (type) {
            case INVALID_REQUEST, CONFLICT, UNSUPPORTED_MEDIA_TYPE, REQUEST_TOO_LARGE, URI_TOO_LONG, HEADERS_TOO_LARGE -> "invalid_request_error";
            case AUTHENTICATION -> "authentication_error";
            case PERMISSION -> "permission_error";
            case NOT_FOUND -> "not_found_error";
            // Anthropic has no quota type; its SDKs parse a 429 as rate_limit_error. The message names the budget.
            case RATE_LIMITED, INSUFFICIENT_QUOTA -> "rate_limit_error";
            case SERVICE_UNAVAILABLE -> "overloaded_error";
            case UPSTREAM_TIMEOUT -> "timeout_error";
            case UPSTREAM_ERROR, SERVER_ERROR -> "api_error";
        };
    }
}
