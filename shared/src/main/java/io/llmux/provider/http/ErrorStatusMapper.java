package io.llmux.provider.http;

import io.llmux.error.GatewayException;
import io.micronaut.http.HttpHeaders;

/** An adapter's reading of its provider's error answers: the part of an HTTP call that is each provider's own. */
@FunctionalInterface
public interface ErrorStatusMapper {

    /** The error for a non-200 answer; {@code upstreamModel} names the model in a 404. */
    GatewayException fromStatus(int status, HttpHeaders headers, byte[] body, String upstreamModel);
}
