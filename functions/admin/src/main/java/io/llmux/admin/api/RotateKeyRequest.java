package io.llmux.admin.api;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

/** Optional body of {@code POST /api/tenants/{id}/keys/{keyId}/rotate}. */
@Schema(name = "RotateKeyRequest")
public record RotateKeyRequest(
        @Nullable @Schema(description = "How long the old key keeps working after the rotation, in seconds (0 to 7 days)",
                minimum = "0", maximum = "604800", defaultValue = "86400") Long gracePeriodSeconds) {
}
