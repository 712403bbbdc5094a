package io.llmux.admin.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.error.ErrorType;
import io.llmux.error.GatewayException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;

/**
 * Reads an admin request's JSON body. Routes take the body as raw bytes so that every problem with
 * it (wrong Content-Type, not JSON, a wrong field) is answered in LLMux's words and shape.
 */
final class RequestBodies {

    /** Admin bodies are small; this bound keeps a hostile one cheap to refuse. */
    static final int MAX_BYTES = 64 * 1024;

    private RequestBodies() {
    }

    /** A required JSON object body. */
    static JsonNode json(HttpRequest<?> request, byte[] body) {
        MediaType type = request.getContentType().orElse(null);
        // A declared non-JSON type is the first thing to say (a form body even reaches us empty).
        if (type != null && !isJson(type)) {
            throw unsupported(type);
        }
        if (body == null || body.length == 0) {
            throw GatewayException.invalid(null, "The request body is empty; send a JSON object.");
        }
        return parse(request, body);
    }

    /** An optional JSON object body: null when there is none. */
    static JsonNode optionalJson(HttpRequest<?> request, byte[] body) {
        return body == null || body.length == 0 ? null : parse(request, body);
    }

    private static JsonNode parse(HttpRequest<?> request, byte[] body) {
        MediaType type = request.getContentType().orElse(null);
        if (type == null || !isJson(type)) {
            throw unsupported(type);
        }
        if (body.length > MAX_BYTES) {
            throw new GatewayException(ErrorType.REQUEST_TOO_LARGE,
                    "The request body is larger than the admin API's limit of " + MAX_BYTES + " bytes.", null, "request_too_large", null);
        }
        return AdminJson.tree(body);
    }

    private static boolean isJson(MediaType type) {
        return type.getType().equals("application") && (type.getSubtype().equals("json") || type.getSubtype().endsWith("+json"));
    }

    private static GatewayException unsupported(MediaType type) {
        return new GatewayException(ErrorType.UNSUPPORTED_MEDIA_TYPE,
                "Unsupported Content-Type " + (type == null ? "(none)" : "'" + type.getName() + "'")
                        + ". Send the body as JSON with 'Content-Type: application/json'.",
                null, "unsupported_media_type", null);
    }
}
