package io.llmux.admin.http;

import io.llmux.error.GatewayException;
import io.llmux.error.OpenAiErrorBody;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;

/**
 * Responses of the admin API. Bodies are serialised here, not by the framework, so that the bytes
 * an idempotent creation stores are exactly the bytes it answered. Errors take OpenAI's shape, as
 * on every LLMux route.
 */
final class AdminResponses {

    private AdminResponses() {
    }

    static MutableHttpResponse<byte[]> json(int status, byte[] body) {
        return HttpResponse.<byte[]>status(HttpStatus.valueOf(status)).body(body).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    static MutableHttpResponse<byte[]> ok(Object body) {
        return json(200, AdminJson.write(body));
    }

    static MutableHttpResponse<byte[]> error(GatewayException e) {
        return json(e.status(), OpenAiErrorBody.bytes(e));
    }
}
