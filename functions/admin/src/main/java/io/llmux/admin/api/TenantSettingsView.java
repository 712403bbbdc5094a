package io.llmux.admin.api;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/** A tenant's settings as responses show them: every field present (null where unset). */
@Schema(name = "TenantSettings", description = "Settings; limits and budgets are the defaults of the tenant's keys.",
        requiredProperties = {"allowed_models", "default_routing", "limits", "budgets", "time_zone", "cache", "routes"})
public record TenantSettingsView(
        @ArraySchema(arraySchema = @Schema(description = "Models the tenant's keys may use (a trailing * matches a prefix); empty means every model"))
        List<String> allowedModels,
        @Nullable @Schema(description = "Routing strategy for the tenant's requests; null means the gateway's", nullable = true) String defaultRouting,
        LimitsView limits,
        BudgetsView budgets,
        @Schema(description = "IANA time zone that budget periods align to", example = "Europe/Paris") String timeZone,
        @Nullable CachePolicyView cache,
        @Nullable @Schema(description = "Overrides of model groups by group name; null when there are none", nullable = true)
        Map<String, RouteOverrideView> routes) {
}
