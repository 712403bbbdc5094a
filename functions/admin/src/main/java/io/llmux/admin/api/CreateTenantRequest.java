package io.llmux.admin.api;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

/** Body of {@code POST /api/tenants}. */
@Schema(name = "CreateTenantRequest")
public record CreateTenantRequest(
        @Schema(description = "Display name", requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1, maxLength = 128, example = "search-team")
        String name,
        @Nullable TenantSettingsInput settings,
        @Nullable @Schema(description = "Free-form string labels (at most 50; keys up to 64 characters, values up to 512)")
        Map<String, String> metadata) {
}
