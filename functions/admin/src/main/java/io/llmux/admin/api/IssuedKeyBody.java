package io.llmux.admin.api;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * A key just created or rotated: the listing's fields and the key itself ({@code secret}), which
 * no other response ever shows again.
 */
@Schema(name = "IssuedApiKey", description = "A key just created or rotated. cache null follows the tenant's policy; rotated_from is null unless this key replaced another.",
        requiredProperties = {"id", "tenant_id", "prefix", "name", "status", "scopes", "allowed_models", "limits", "budgets", "cache",
        "expires_at", "created_at", "secret", "rotated_from"})
public record IssuedKeyBody(
        String id,
        String tenantId,
        String prefix,
        @Schema(nullable = true) String name,
        @Schema(allowableValues = {"active"}) String status,
        List<String> scopes,
        List<String> allowedModels,
        LimitsView limits,
        BudgetsView budgets,
        @Nullable CachePolicyView cache,
        @Schema(format = "date-time", nullable = true) String expiresAt,
        @Schema(format = "date-time") String createdAt,
        @Schema(description = "The API key. Shown in this response only: store it now.", example = "llmux-sk-3hF9...")
        String secret,
        @Nullable RotatedFrom rotatedFrom) {

    /** The key a rotation replaced. */
    @Schema(name = "RotatedFrom", description = "On rotation: the key this one replaces, and until when it still works",
            requiredProperties = {"id", "expires_at"})
    public record RotatedFrom(String id, @Schema(format = "date-time") String expiresAt) {
    }

    @Override
    public String toString() {
        return "IssuedKeyBody[" + id + ", " + prefix + "...]";
    }
}
