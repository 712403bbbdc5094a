package io.llmux.pipeline;

import java.util.function.Function;

/**
 * What the pipeline knows about the HTTP request around a call, without depending on an HTTP
 * framework: its id, the API key the caller presented (or null), and a way to read its headers
 * (for trace propagation).
 */
public record RequestContext(String requestId, String credential, Function<String, String> headers) {

    @Override
    public String toString() {
        // Never print the credential.
        return "RequestContext[" + requestId + "]";
    }
}
