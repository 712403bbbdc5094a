package io.llmux.admin.api;

import io.swagger.v3.oas.annotations.media.Schema;

/** The answer to a deletion. */
@Schema(name = "Deleted", requiredProperties = {"id", "deleted"})
public record DeletedBody(String id, boolean deleted) {
}
