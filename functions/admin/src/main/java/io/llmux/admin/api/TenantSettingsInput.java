package io.llmux.admin.api;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/** A tenant's settings. In a PATCH, the fields present replace the current ones and the others stay. */
@Schema(name = "TenantSettingsInput", description = "Settings, as a request sets them (every field optional); limits and budgets are the defaults of the tenant's keys.")
public record TenantSettingsInput(
        @Nullable @ArraySchema(arraySchema = @Schema(description = "Models the tenant's keys may use (a trailing * matches a prefix); empty means every model"),
                schema = @Schema(maxLength = 200), maxItems = 100) List<String> allowedModels,
        @Nullable @Schema(description = "Routing strategy for the tenant's requests (balanced, latency, cost, quality, "
                + "weighted-round-robin, random, least-busy); null means the gateway's", maxLength = 64, nullable = true)
        String defaultRouting,
        @Nullable LimitsInput limits,
        @Nullable BudgetsInput budgets,
        @Nullable @Schema(description = "IANA time zone that budget periods align to", example = "Europe/Paris", defaultValue = "UTC")
        String timeZone,
        @Nullable CachePolicyInput cache,
        @Nullable @Schema(description = "Overrides of model groups by group name (at most 20); null or absent for none")
        Map<String, RouteOverrideInput> routes) {
}
