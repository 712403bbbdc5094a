package io.llmux.admin.http;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/** The admin API's OpenAPI header; micronaut-openapi writes the document from the controllers at compile time. */
@OpenAPIDefinition(info = @Info(title = "LLMux admin API", version = "1",
        description = "Tenants and their API keys. Authenticate with 'Authorization: Bearer <LLMUX_ADMIN_TOKEN>'; "
                + "tenant keys (llmux-sk-...) are refused. Errors have OpenAI's shape: {\"error\":{message,type,param,code}}."))
@SecurityScheme(name = AdminApi.SECURITY_SCHEME, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "The admin token (LLMUX_ADMIN_TOKEN), never a tenant key")
public final class AdminApi {

    public static final String SECURITY_SCHEME = "adminToken";

    private AdminApi() {
    }
}
