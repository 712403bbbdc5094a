package io.llmux.admin.api;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** An API key as listings show it: never the key itself, never its hash. */
@Schema(name = "ApiKey", requiredProperties = {"id", "tenant_id", "prefix", "name", "status", "scopes", "allowed_models", "limits",
        "budgets", "cache", "expires_at", "created_at", "last_used_at"})
public record KeyBody(
        @Schema(example = "key_5tQm0Zx8LpVr2w9K") String id,
        String tenantId,
        @Schema(description = "The key's first characters, to tell keys apart", example = "llmux-sk-3hF9") String prefix,
        @Schema(nullable = true) String name,
        @Schema(allowableValues = {"active", "revoked", "expired"}) String status,
        List<String> scopes,
        List<String> allowedModels,
        LimitsView limits,
        BudgetsView budgets,
        @Nullable CachePolicyView cache,
        @Schema(format = "date-time", nullable = true) String expiresAt,
        @Schema(format = "date-time") String createdAt,
        @Schema(description = "Coarse: updated at most once an hour", format = "date-time", nullable = true) String lastUsedAt) {
}
