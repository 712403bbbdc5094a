package io.llmux.admin.api;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** Body of {@code POST /api/tenants/{id}/keys}; every field is optional. */
@Schema(name = "CreateKeyRequest")
public record CreateKeyRequest(
        @Nullable @Schema(description = "Display name", maxLength = 128, example = "ci-pipeline") String name,
        @Nullable @ArraySchema(arraySchema = @Schema(description = "What the key may do; default [\"inference\"]"),
                schema = @Schema(allowableValues = {"inference"})) List<String> scopes,
        @Nullable @ArraySchema(arraySchema = @Schema(description = "Models this key may use, within the tenant's; empty means the tenant's"),
                schema = @Schema(maxLength = 200), maxItems = 100) List<String> allowedModels,
        @Nullable LimitsInput limits,
        @Nullable BudgetsInput budgets,
        @Nullable @Schema(description = "When the key stops working (RFC 3339, in the future); null for never", format = "date-time", nullable = true)
        String expiresAt,
        @Nullable @Schema(description = "This key's override of its tenant's cache policy; null follows the tenant's") CachePolicyInput cache) {
}
