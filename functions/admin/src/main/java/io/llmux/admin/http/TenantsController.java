package io.llmux.admin.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.admin.api.CreateTenantRequest;
import io.llmux.admin.api.DeletedBody;
import io.llmux.admin.api.ErrorBody;
import io.llmux.admin.api.TenantBody;
import io.llmux.admin.api.TenantPage;
import io.llmux.admin.api.UpdateTenantRequest;
import io.llmux.error.GatewayException;
import io.llmux.tenancy.Page;
import io.llmux.tenancy.Tenant;
import io.llmux.tenancy.TenantAdmin;
import io.llmux.tenancy.TenantSettings;
import io.llmux.tenancy.TenantStatus;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Tenants: {@code /api/tenants}. The stores are blocking (DynamoDB), so these routes run on
 * virtual threads, never on the event loop.
 */
@Controller("/api/tenants")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Tenants")
@SecurityRequirement(name = AdminApi.SECURITY_SCHEME)
@ApiResponse(responseCode = "401", description = "No admin token, a wrong one, a tenant key, or the admin API is disabled",
        content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
public class TenantsController {

    private final TenantAdmin admin;
    private final IdempotentCreations idempotent;

    public TenantsController(TenantAdmin admin, IdempotentCreations idempotent) {
        this.admin = admin;
        this.idempotent = idempotent;
    }

    @Post(consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    @Operation(operationId = "createTenant", summary = "Create a tenant", description = "Publishes tenant_created. Idempotent with an Idempotency-Key header.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CreateTenantRequest.class)))
    @ApiResponse(responseCode = "201", description = "The tenant",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TenantBody.class)))
    @ApiResponse(responseCode = "400", description = "Invalid body; error.param names the field",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "409", description = "The Idempotency-Key was used with another body, or its first request is still running (retry)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "415", description = "The body is not JSON",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
    public MutableHttpResponse<byte[]> create(HttpRequest<?> http, @Parameter(hidden = true) @Body @Nullable byte[] body,
            @Parameter(description = IdempotentCreations.KEY_DOC) @Header(IdempotentCreations.KEY_HEADER) @Nullable String idempotencyKey) {
        CreateTenantRequest request = AdminJson.bind(RequestBodies.json(http, body), CreateTenantRequest.class);
        String name = AdminInput.requiredName(request.name(), "name");
        TenantSettings settings = AdminInput.settings(request.settings());
        Map<String, String> metadata = AdminInput.metadata(request.metadata());
        return idempotent.create(http, idempotencyKey, body, () -> {
            Tenant tenant = admin.createTenant(name, settings, metadata == null ? Map.of() : metadata);
            return new IdempotentCreations.Created(201, AdminJson.write(AdminViews.tenant(tenant)));
        });
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    @Operation(operationId = "listTenants", summary = "List tenants", description = "In id order, a page at a time.")
    @ApiResponse(responseCode = "200", description = "A page of tenants",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TenantPage.class)))
    @ApiResponse(responseCode = "400", description = "Invalid limit or page_token",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
    public MutableHttpResponse<byte[]> list(
            @Parameter(description = "Page size", schema = @Schema(type = "integer", minimum = "1", maximum = "100", defaultValue = "20"))
            @QueryValue @Nullable String limit,
            @Parameter(description = "next_page_token of the previous page") @QueryValue("page_token") @Nullable String pageToken) {
        int size = AdminInput.limit(limit);
        Page<Tenant> page = Lists.page(() -> admin.tenants(size, AdminInput.pageToken(pageToken)));
        return AdminResponses.ok(new TenantPage(page.items().stream().map(AdminViews::tenant).toList(), page.nextToken()));
    }

    @Get(uri = "/{id}", produces = MediaType.APPLICATION_JSON)
    @Operation(operationId = "getTenant", summary = "Get a tenant")
    @ApiResponse(responseCode = "200", description = "The tenant",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TenantBody.class)))
    @ApiResponse(responseCode = "404", description = "No such tenant",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
    public MutableHttpResponse<byte[]> get(@PathVariable String id) {
        return AdminResponses.ok(AdminViews.tenant(admin.tenant(Ids.tenant(id))));
    }

    @Patch(uri = "/{id}", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    @Operation(operationId = "updateTenant", summary = "Change a tenant", description = "Only the fields present change. Suspending publishes tenant_suspended; "
            + "a suspended tenant's keys are refused with 403 within 30 s.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UpdateTenantRequest.class)))
    @ApiResponse(responseCode = "200", description = "The tenant as changed",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TenantBody.class)))
    @ApiResponse(responseCode = "400", description = "Invalid body; error.param names the field",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "404", description = "No such tenant",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "409", description = "The tenant changed concurrently; retry",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
    public MutableHttpResponse<byte[]> update(HttpRequest<?> http, @PathVariable String id,
                                              @Parameter(hidden = true) @Body @Nullable byte[] body) {
        String tenantId = Ids.tenant(id);
        JsonNode tree = RequestBodies.json(http, body);
        UpdateTenantRequest request = AdminJson.bind(tree, UpdateTenantRequest.class);
        String name = AdminInput.name(request.name(), "name");
        TenantStatus status = AdminInput.status(request.status());
        Map<String, String> metadata = AdminInput.metadata(request.metadata());
        Tenant current = admin.tenant(tenantId);
        TenantSettings settings = AdminInput.settings(request.settings(), current.settings(), fieldsOf(tree.get("settings")));
        return AdminResponses.ok(AdminViews.tenant(admin.updateTenant(current, name, status, settings, metadata)));
    }

    @Delete(uri = "/{id}", produces = MediaType.APPLICATION_JSON)
    @Operation(operationId = "deleteTenant", summary = "Delete a tenant and its keys", description = "The tenant is absent at once (its keys refused "
            + "at once on this instance, within 30 s on others); its keys are then removed. An interrupted deletion leaves the tenant absent and is "
            + "finished by repeating the DELETE. Publishes tenant_deleted once. Budget and usage records expire on their own.")
    @ApiResponse(responseCode = "200", description = "Deleted",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DeletedBody.class)))
    @ApiResponse(responseCode = "404", description = "No such tenant",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
    public MutableHttpResponse<byte[]> delete(@PathVariable String id) {
        String tenantId = Ids.tenant(id);
        admin.deleteTenant(tenantId);
        return AdminResponses.ok(new DeletedBody(tenantId, true));
    }

    @Error(exception = GatewayException.class)
    public MutableHttpResponse<byte[]> refused(GatewayException e) {
        return AdminResponses.error(e);
    }

    private static Set<String> fieldsOf(JsonNode object) {
        Set<String> names = new HashSet<>();
        if (object != null && object.isObject()) {
            object.fieldNames().forEachRemaining(names::add);
        }
        return names;
    }
}
