package io.llmux.admin.api;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

/** The response-cache policy of a tenant or a key; an absent or null field inherits (key from tenant, tenant from gateway). */
@Schema(name = "CachePolicyInput", description = "Response cache: exact-match answers replayed without a provider call. "
        + "Off unless turned on (a cached answer is the same text each time, which changes behaviour for temperature > 0).")
public record CachePolicyInput(
        @Nullable @Schema(description = "Whether complete answers are stored and replayed; null inherits", nullable = true) Boolean enabled,
        @Nullable @Schema(description = "How long an answer is served, in seconds; null inherits (gateway default 3600)",
                minimum = "1", maximum = "604800", nullable = true) Integer ttlSeconds) {
}
