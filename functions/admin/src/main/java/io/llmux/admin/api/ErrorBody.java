package io.llmux.admin.api;

import io.swagger.v3.oas.annotations.media.Schema;

/** The error shape of every LLMux route, OpenAI's: {@code {"error":{message,type,param,code}}}. Documentation only. */
@Schema(name = "Error", requiredProperties = {"error"})
public record ErrorBody(Detail error) {

    @Schema(name = "ErrorDetail", requiredProperties = {"message", "type", "param", "code"})
    public record Detail(
            @Schema(description = "What went wrong, for people") String message,
            @Schema(example = "invalid_request_error") String type,
            @Schema(description = "The field at fault, such as settings.time_zone", nullable = true) String param,
            @Schema(description = "A stable code, such as invalid_value or tenant_not_found", nullable = true) String code) {
    }
}
