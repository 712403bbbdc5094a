package io.llmux.admin.api;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * A key just created or rotated: the listing's fields and the key itself ({@code secret}), which
 * no other response ever shows again.
 */
@Schema(name = "IssuedApiKey")
public record IssuedKeyBody(
        String id,
        String tenantId,
        String prefix,
        @Schema(nullable = true) String name,
        @Schema(allowableValues = {"active"}) String status,
        List<String> scopes,
        List<String> allowedModels,
        LimitsBody limits,
        BudgetsBody budgets,
        @Schema(description = "This key's cache override; null follows the tenant's", nullable = true) CacheBody cache,
        @Schema(format = "date-time", nullable = true) String expiresAt,
        @Schema(format = "date-time") String createdAt,
        @Schema(description = "The API key. Shown in this response only: store it now.", example = "llmux-sk-3hF9...")
        String secret,
        @Nullable RotatedFrom rotatedFrom) {

    /** The key a rotation replaced. */
    @Schema(name = "RotatedFrom", description = "On rotation: the key this one replaces, and until when it still works")
    public record RotatedFrom(String id, @Schema(format = "date-time") String expiresAt) {
    }

    @Override
    public String toString() {
        return "IssuedKeyBody[" + id + ", " + prefix + "...]";
    }
}
