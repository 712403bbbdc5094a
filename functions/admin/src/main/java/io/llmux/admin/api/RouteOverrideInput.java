package io.llmux.admin.api;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** A tenant's version of a model group: its deployments and strategy for this tenant only. */
@Schema(name = "RouteOverrideInput", description = "Overrides a model group for this tenant (or defines one of its own). See docs/routing.md.")
public record RouteOverrideInput(
        @Nullable @Schema(description = "Routing strategy: balanced, latency, cost, quality, weighted-round-robin, random or least-busy; "
                + "null keeps the group's", nullable = true) String strategy,
        @Nullable @ArraySchema(arraySchema = @Schema(description = "Deployments (provider/model), in order; empty keeps the group's"),
                schema = @Schema(maxLength = 200), maxItems = 20) List<String> deployments) {
}
