package io.llmux.admin.api;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** A tenant's override of a model group, as responses show it. */
@Schema(name = "RouteOverride", description = "A model group as overridden for this tenant (docs/routing.md).",
        requiredProperties = {"strategy", "deployments"})
public record RouteOverrideView(
        @Nullable @Schema(description = "Routing strategy; null keeps the group's", nullable = true) String strategy,
        @ArraySchema(arraySchema = @Schema(description = "Deployments (provider/model), in order; empty keeps the group's")) List<String> deployments) {
}
