package io.llmux.admin.api;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

/** Body of {@code PATCH /api/tenants/{id}}: only the fields present change. */
@Schema(name = "UpdateTenantRequest", description = "Only the fields present change; in settings, each field present replaces the current one.")
public record UpdateTenantRequest(
        @Nullable @Schema(description = "Display name", minLength = 1, maxLength = 128) String name,
        @Nullable @Schema(description = "A suspended tenant's keys are refused (403) until it is active again",
                allowableValues = {"active", "suspended"}) String status,
        @Nullable TenantSettingsInput settings,
        @Nullable @Schema(description = "Replaces the whole metadata map") Map<String, String> metadata) {
}
