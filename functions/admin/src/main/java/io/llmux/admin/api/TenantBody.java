package io.llmux.admin.api;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

/** A tenant as the admin API shows it. */
@Schema(name = "Tenant", requiredProperties = {"id", "name", "status", "settings", "metadata", "created_at", "updated_at", "version"})
public record TenantBody(
        @Schema(example = "ten_Jq3yXU2mZ7c0aB1d") String id,
        String name,
        @Schema(allowableValues = {"active", "suspended"}) String status,
        TenantSettingsView settings,
        Map<String, String> metadata,
        @Schema(format = "date-time") String createdAt,
        @Schema(format = "date-time") String updatedAt,
        @Schema(description = "Incremented by every update") long version) {
}
