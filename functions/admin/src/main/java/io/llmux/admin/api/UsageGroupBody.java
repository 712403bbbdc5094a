package io.llmux.admin.api;

import io.swagger.v3.oas.annotations.media.Schema;

/** One group of a usage report; the dimension fields of other groupings are null. */
@Schema(name = "UsageGroup", requiredProperties = {"group", "provider", "model", "key_id", "date", "usage"})
public record UsageGroupBody(
        @Schema(description = "The group: provider/model, provider, key id or date (yyyy-MM-dd, the tenant's local day)") String group,
        @Schema(nullable = true) String provider,
        @Schema(nullable = true) String model,
        @Schema(nullable = true) String keyId,
        @Schema(nullable = true) String date,
        UsageTotalsBody usage) {
}
