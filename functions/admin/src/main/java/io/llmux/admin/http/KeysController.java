package io.llmux.admin.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.admin.api.CreateKeyRequest;
import io.llmux.admin.api.ErrorBody;
import io.llmux.admin.api.IssuedKeyBody;
import io.llmux.admin.api.KeyBody;
import io.llmux.admin.api.KeyPage;
import io.llmux.admin.api.RotateKeyRequest;
import io.llmux.error.GatewayException;
import io.llmux.tenancy.ApiKey;
import io.llmux.tenancy.Budgets;
import io.llmux.tenancy.CachePolicy;
import io.llmux.tenancy.IssuedKey;
import io.llmux.tenancy.Limits;
import io.llmux.tenancy.Page;
import io.llmux.tenancy.TenantAdmin;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A tenant's API keys: {@code /api/tenants/{tenantId}/keys}. A key's secret appears in the answer
 * to its creation or rotation and nowhere else; listings show its prefix.
 */
@Controller("/api/tenants/{tenantId}/keys")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "API keys")
@SecurityRequirement(name = AdminApi.SECURITY_SCHEME)
@ApiResponse(responseCode = "401", description = "No admin token, a wrong one, a tenant key, or the admin API is disabled",
        content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
@ApiResponse(responseCode = "404", description = "No such tenant or key",
        content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
public class KeysController {

    static final Duration DEFAULT_GRACE = Duration.ofHours(24);
    static final Duration MAX_GRACE = Duration.ofDays(7);

    private final TenantAdmin admin;
    private final IdempotentCreations idempotent;
    private final Clock clock;

    public KeysController(TenantAdmin admin, IdempotentCreations idempotent, Clock clock) {
        this.admin = admin;
        this.idempotent = idempotent;
        this.clock = clock;
    }

    @Post(consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    @Operation(operationId = "createKey", summary = "Create an API key", description = "The answer holds the key (secret), shown this once. Publishes key_created. "
            + "Idempotent with an Idempotency-Key header.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CreateKeyRequest.class)))
    @ApiResponse(responseCode = "201", description = "The key, with its secret",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IssuedKeyBody.class)))
    @ApiResponse(responseCode = "400", description = "Invalid body; error.param names the field",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "409", description = "The Idempotency-Key was used with another body, or its first request is still running (retry)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "415", description = "The body is not JSON",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
    public MutableHttpResponse<byte[]> create(HttpRequest<?> http, @PathVariable String tenantId,
                                              @Parameter(hidden = true) @Body @Nullable byte[] body,
            @Parameter(description = IdempotentCreations.KEY_DOC) @Header(IdempotentCreations.KEY_HEADER) @Nullable String idempotencyKey) {
        String tenant = Ids.tenant(tenantId);
        CreateKeyRequest request = AdminJson.bind(RequestBodies.json(http, body), CreateKeyRequest.class);
        String name = AdminInput.name(request.name(), "name");
        Set<String> scopes = AdminInput.scopes(request.scopes());
        List<String> models = AdminInput.models(request.allowedModels(), "allowed_models");
        Limits limits = AdminInput.limits(request.limits(), "limits");
        Budgets budgets = AdminInput.budgets(request.budgets(), "budgets");
        Instant expiresAt = AdminInput.expiresAt(request.expiresAt(), clock.instant());
        CachePolicy cache = AdminInput.cache(request.cache(), "cache");
        admin.tenant(tenant); // a deleted tenant is a 404, even for a retry that would replay an earlier answer
        return idempotent.create(http, idempotencyKey, body, () -> {
            IssuedKey issued = admin.createKey(tenant, name, scopes, models, limits, budgets, expiresAt, cache);
            return new IdempotentCreations.Created(201, AdminJson.write(AdminViews.issued(issued, null)));
        });
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    @Operation(operationId = "listKeys", summary = "List a tenant's API keys", description = "Prefixes, never secrets or hashes; revoked and expired keys included.")
    @ApiResponse(responseCode = "200", description = "A page of keys",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = KeyPage.class)))
    @ApiResponse(responseCode = "400", description = "Invalid limit or page_token",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
    public MutableHttpResponse<byte[]> list(
            @PathVariable String tenantId,
            @Parameter(description = "Page size", schema = @Schema(type = "integer", minimum = "1", maximum = "100", defaultValue = "20"))
            @QueryValue @Nullable String limit,
            @Parameter(description = "next_page_token of the previous page") @QueryValue("page_token") @Nullable String pageToken) {
        String tenant = Ids.tenant(tenantId);
        int size = AdminInput.limit(limit);
        Page<ApiKey> page = Lists.page(() -> admin.keys(tenant, size, AdminInput.pageToken(pageToken)));
        Instant now = clock.instant();
        return AdminResponses.ok(new KeyPage(page.items().stream().map(k -> AdminViews.key(k, now)).toList(), page.nextToken()));
    }

    @Delete(uri = "/{keyId}", produces = MediaType.APPLICATION_JSON)
    @Operation(operationId = "revokeKey", summary = "Revoke an API key", description = "At once on this instance, within 30 s on others. Publishes key_revoked. "
            + "Revoking a revoked key changes nothing.")
    @ApiResponse(responseCode = "200", description = "The revoked key",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = KeyBody.class)))
    public MutableHttpResponse<byte[]> revoke(@PathVariable String tenantId, @PathVariable String keyId) {
        ApiKey revoked = admin.revokeKey(Ids.tenant(tenantId), Ids.key(keyId));
        return AdminResponses.ok(AdminViews.key(revoked, clock.instant()));
    }

    @Post(uri = "/{keyId}/rotate", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    @Operation(operationId = "rotateKey", summary = "Rotate an API key", description = "Issues a new key with the old one's settings; the old key keeps working "
            + "for the grace period (default 24 h), then expires. Idempotent with an Idempotency-Key header.")
    @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RotateKeyRequest.class)))
    @ApiResponse(responseCode = "201", description = "The new key, with its secret, and the old key's end of validity",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IssuedKeyBody.class)))
    @ApiResponse(responseCode = "400", description = "Invalid body, or a revoked key",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "409", description = "The Idempotency-Key was used with another body, or its first request is still running (retry)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
    public MutableHttpResponse<byte[]> rotate(HttpRequest<?> http, @PathVariable String tenantId, @PathVariable String keyId,
                                              @Parameter(hidden = true) @Body @Nullable byte[] body,
            @Parameter(description = IdempotentCreations.KEY_DOC) @Header(IdempotentCreations.KEY_HEADER) @Nullable String idempotencyKey) {
        String tenant = Ids.tenant(tenantId);
        String key = Ids.key(keyId);
        JsonNode tree = RequestBodies.optionalJson(http, body);
        Duration grace = grace(tree == null ? null : AdminJson.bind(tree, RotateKeyRequest.class));
        admin.tenant(tenant); // a deleted tenant is a 404, even for a retry that would replay an earlier answer
        return idempotent.create(http, idempotencyKey, body, () -> {
            IssuedKey fresh = admin.rotateKey(tenant, key, grace);
            ApiKey old = admin.key(tenant, key);
            IssuedKeyBody.RotatedFrom from = new IssuedKeyBody.RotatedFrom(old.id(), AdminViews.time(old.expiresAt()));
            return new IdempotentCreations.Created(201, AdminJson.write(AdminViews.issued(fresh, from)));
        });
    }

    @Error(exception = GatewayException.class)
    public MutableHttpResponse<byte[]> refused(GatewayException e) {
        return AdminResponses.error(e);
    }

    private static Duration grace(RotateKeyRequest request) {
        if (request == null || request.gracePeriodSeconds() == null) {
            return DEFAULT_GRACE;
        }
        long seconds = request.gracePeriodSeconds();
        if (seconds < 0 || seconds > MAX_GRACE.toSeconds()) {
            throw GatewayException.invalid("grace_period_seconds",
                    "'grace_period_seconds' must be from 0 to " + MAX_GRACE.toSeconds() + " (7 days).");
        }
        return Duration.ofSeconds(seconds);
    }
}
