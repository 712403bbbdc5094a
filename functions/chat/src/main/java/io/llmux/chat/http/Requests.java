package io.llmux.chat.http;

import io.llmux.pipeline.RequestContext;
import io.llmux.telemetry.RequestIds;
import io.micronaut.http.HttpRequest;

/** The pipeline's view of an HTTP request. */
final class Requests {

    private Requests() {
    }

    static RequestContext context(HttpRequest<?> request) {
        String id = RequestIds.accept(request.getHeaders().get(OpenAiResponses.REQUEST_ID));
        return new RequestContext(id, bearerToken(request), name -> request.getHeaders().get(name));
    }

    /**
     * The context of an Anthropic-format request: the key from {@code x-api-key} (what Anthropic's
     * SDKs and agents configured with ANTHROPIC_BASE_URL send), else from {@code Authorization: Bearer}.
     */
    static RequestContext anthropicContext(HttpRequest<?> request) {
        String id = RequestIds.accept(request.getHeaders().get(OpenAiResponses.REQUEST_ID));
        String apiKey = request.getHeaders().get("x-api-key");
        String key = apiKey != null && !apiKey.isBlank() ? apiKey.trim() : bearerToken(request);
        return new RequestContext(id, key, name -> request.getHeaders().get(name));
    }

    /** The key in {@code Authorization: Bearer <key>}, or null. */
    static String bearerToken(HttpRequest<?> request) {
        String authorization = request.getHeaders().get("Authorization");
        if (authorization == null || authorization.length() < 7 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorization.substring(7).trim();
    }
}
