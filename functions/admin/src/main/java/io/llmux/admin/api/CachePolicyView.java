package io.llmux.admin.api;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

/** A response-cache policy as responses show it: both fields present, null meaning inherited. */
@Schema(name = "CachePolicy", description = "Response cache: exact-match answers replayed without a provider call; "
        + "a null field inherits (a key's from its tenant, a tenant's from the gateway).",
        requiredProperties = {"enabled", "ttl_seconds"})
public record CachePolicyView(
        @Nullable @Schema(description = "Whether complete answers are stored and replayed; null inherits", nullable = true) Boolean enabled,
        @Nullable @Schema(description = "How long an answer is served, in seconds; null inherits", minimum = "1", maximum = "604800",
                nullable = true) Integer ttlSeconds) {
}
