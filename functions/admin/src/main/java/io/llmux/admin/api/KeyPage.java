package io.llmux.admin.api;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** One page of a tenant's keys. */
@Schema(name = "ApiKeyList", requiredProperties = {"data", "next_page_token"})
public record KeyPage(
        List<KeyBody> data,
        @Schema(description = "Pass as page_token to get the next page; null on the last page", nullable = true) String nextPageToken) {
}
