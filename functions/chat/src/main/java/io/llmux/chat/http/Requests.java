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
        return new RequestContext(id, name -> request.getHeaders().get(name));
    }
}
