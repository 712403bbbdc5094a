package io.llmux.tenancy.dynamodb;

import static io.llmux.tenancy.dynamodb.SingleTable.GSI1;
import static io.llmux.tenancy.dynamodb.SingleTable.GSI1_PK;
import static io.llmux.tenancy.dynamodb.SingleTable.GSI1_SK;
import static io.llmux.tenancy.dynamodb.SingleTable.PK;
import static io.llmux.tenancy.dynamodb.SingleTable.SK;
import static io.llmux.tenancy.dynamodb.SingleTable.TENANTS_COLLECTION;
import static io.llmux.tenancy.dynamodb.SingleTable.TENANT_SK;

import io.llmux.tenancy.Page;
import io.llmux.tenancy.PageTokens;
import io.llmux.tenancy.Tenant;
import io.llmux.tenancy.TenantSettings;
import io.llmux.tenancy.TenantStatus;
import io.llmux.tenancy.TenantStore;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Tenants in DynamoDB: one item each ({@code TENANT#id / TENANT}), listed through the sparse
 * index GSI1 ({@code TENANTS / id}). Updates are conditional on the stored version. A deletion
 * leaves a tombstone ({@code deleted_at}) while the tenant's keys are removed: see {@link #markDeleted}.
 */
@Singleton
@Requires(property = DynamoDbFactory.TABLE_PROPERTY, pattern = ".+")
public final class DynamoDbTenantStore implements TenantStore {

    private static final Set<String> TOKEN_FIELDS = Set.of(PK, SK, GSI1_PK, GSI1_SK);
    /** Set on a tenant being deleted (its tombstone); ISO-8601. */
    static final String DELETED_AT = "deleted_at";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public DynamoDbTenantStore(DynamoDbClient dynamo, @Value("${" + DynamoDbFactory.TABLE_PROPERTY + "}") String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    @Override
    public boolean create(Tenant tenant) {
        try {
            dynamo.putItem(put -> put.tableName(table).item(item(tenant))
                    .conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", PK)));
            return true;
        } catch (ConditionalCheckFailedException taken) {
            return false;
        }
    }

    @Override
    public Optional<Tenant> get(String id) {
        Map<String, AttributeValue> item = dynamo.getItem(get -> get.tableName(table).consistentRead(true)
                .key(SingleTable.key(SingleTable.tenantPk(id), TENANT_SK))).item();
        return item == null || item.isEmpty() || item.containsKey(DELETED_AT) ? Optional.empty() : Optional.of(tenant(item));
    }

    /** In id order, from the index (eventually consistent, as lists may be). */
    @Override
    public Page<Tenant> list(int limit, String pageToken) {
        PageTokens.checkLimit(limit);
        Map<String, AttributeValue> start = pageToken == null ? null : startKey(pageToken);
        QueryResponse response = dynamo.query(query -> query.tableName(table).indexName(GSI1)
                .keyConditionExpression("#gpk = :tenants")
                .expressionAttributeNames(Map.of("#gpk", GSI1_PK))
                .expressionAttributeValues(Map.of(":tenants", Attributes.s(TENANTS_COLLECTION)))
                .exclusiveStartKey(start)
                .limit(limit + 1));
        List<Map<String, AttributeValue>> items = response.items();
        if (items.size() > limit) {
            List<Map<String, AttributeValue>> page = items.subList(0, limit);
            return new Page<>(live(page), token(Attributes.string(page.getLast(), "tenant_id")));
        }
        String next = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() && !items.isEmpty()
                ? token(Attributes.string(items.getLast(), "tenant_id")) : null;
        return new Page<>(live(items), next);
    }

    @Override
    public boolean update(Tenant tenant, long expectedVersion) {
        try {
            dynamo.putItem(put -> put.tableName(table).item(item(tenant))
                    .conditionExpression("attribute_exists(#pk) AND #version = :expected AND attribute_not_exists(#deleted)")
                    .expressionAttributeNames(Map.of("#pk", PK, "#version", "version", "#deleted", DELETED_AT))
                    .expressionAttributeValues(Map.of(":expected", Attributes.n(expectedVersion))));
            return true;
        } catch (ConditionalCheckFailedException changed) {
            return false;
        }
    }

    /**
     * The tombstone: {@code deleted_at} set, the version bumped (so an update computed from an
     * earlier read fails), and the index keys removed, so the tenant leaves the list. Every read
     * treats a tombstone as no tenant; the item itself keeps the id taken until {@link #purge}.
     */
    @Override
    public boolean markDeleted(String id) {
        try {
            dynamo.updateItem(update -> update.tableName(table)
                    .key(SingleTable.key(SingleTable.tenantPk(id), TENANT_SK))
                    .updateExpression("SET #deleted = if_not_exists(#deleted, :now), #version = #version + :one REMOVE #gpk, #gsk")
                    .conditionExpression("attribute_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", PK, "#deleted", DELETED_AT, "#version", "version",
                            "#gpk", GSI1_PK, "#gsk", GSI1_SK))
                    .expressionAttributeValues(Map.of(":now", Attributes.instant(clock.instant()), ":one", Attributes.n(1))));
            return true;
        } catch (ConditionalCheckFailedException absent) {
            return false;
        }
    }

    /** Removes the tombstone only: a live tenant is never removed by this call. */
    @Override
    public boolean purge(String id) {
        try {
            dynamo.deleteItem(delete -> delete.tableName(table)
                    .key(SingleTable.key(SingleTable.tenantPk(id), TENANT_SK))
                    .conditionExpression("attribute_exists(#deleted)")
                    .expressionAttributeNames(Map.of("#deleted", DELETED_AT)));
            return true;
        } catch (ConditionalCheckFailedException notMarked) {
            return false;
        }
    }

    /**
     * A tombstone leaves the index with the mark, but the index is eventually consistent: one
     * marked a moment ago may still be read from it, and is left out here (the page is then one
     * shorter; its token still points past it).
     */
    private static List<Tenant> live(List<Map<String, AttributeValue>> items) {
        return items.stream().filter(item -> !item.containsKey(DELETED_AT)).map(DynamoDbTenantStore::tenant).toList();
    }

    /** The position after a tenant: every index and table key attribute is derived from its id. */
    private static String token(String tenantId) {
        return PageTokens.encode(Map.of(PK, SingleTable.tenantPk(tenantId), SK, TENANT_SK,
                GSI1_PK, TENANTS_COLLECTION, GSI1_SK, tenantId));
    }

    private static Map<String, AttributeValue> startKey(String pageToken) {
        Map<String, String> fields = PageTokens.decode(pageToken, TOKEN_FIELDS);
        String id = fields.get(GSI1_SK);
        if (!TENANTS_COLLECTION.equals(fields.get(GSI1_PK)) || !TENANT_SK.equals(fields.get(SK))
                || !SingleTable.tenantPk(id).equals(fields.get(PK))) {
            throw PageTokens.invalid();
        }
        Map<String, AttributeValue> start = new HashMap<>();
        fields.forEach((name, value) -> start.put(name, Attributes.s(value)));
        return start;
    }

    private static Map<String, AttributeValue> item(Tenant tenant) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, Attributes.s(SingleTable.tenantPk(tenant.id())));
        item.put(SK, Attributes.s(TENANT_SK));
        item.put(GSI1_PK, Attributes.s(TENANTS_COLLECTION));
        item.put(GSI1_SK, Attributes.s(tenant.id()));
        item.put("entity", Attributes.s("tenant"));
        item.put("tenant_id", Attributes.s(tenant.id()));
        if (tenant.name() != null) {
            item.put("name", Attributes.s(tenant.name()));
        }
        item.put("status", Attributes.s(tenant.status().name()));
        item.put("settings", Attributes.json(tenant.settings() == null ? TenantSettings.DEFAULTS : tenant.settings()));
        item.put("metadata", Attributes.stringMap(tenant.metadata() == null ? Map.of() : tenant.metadata()));
        item.put("created_at", Attributes.instant(tenant.createdAt()));
        item.put("updated_at", Attributes.instant(tenant.updatedAt()));
        item.put("version", Attributes.n(tenant.version()));
        return item;
    }

    private static Tenant tenant(Map<String, AttributeValue> item) {
        return new Tenant(Attributes.string(item, "tenant_id"), Attributes.string(item, "name"),
                TenantStatus.valueOf(Attributes.string(item, "status")),
                Attributes.json(item, "settings", TenantSettings.class, TenantSettings.DEFAULTS),
                Attributes.stringMap(item, "metadata"), Attributes.instant(item, "created_at"),
                Attributes.instant(item, "updated_at"), Attributes.number(item, "version", 0));
    }
}
