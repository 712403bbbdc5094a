package io.llmux.pipeline;

import java.util.function.Function;

/**
 * What the pipeline knows about the HTTP request around a call, without depending on an HTTP
 * framework: its id, and a way to read its headers (for trace propagation).
 */
public record RequestContext(String requestId, Function<String, String> headers) {
}
