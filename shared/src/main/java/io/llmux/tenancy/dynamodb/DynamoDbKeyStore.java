package io.llmux.tenancy.dynamodb;

import static io.llmux.tenancy.dynamodb.SingleTable.KEY_REF_PREFIX;
import static io.llmux.tenancy.dynamodb.SingleTable.KEY_SK;
import static io.llmux.tenancy.dynamodb.SingleTable.PK;
import static io.llmux.tenancy.dynamodb.SingleTable.SK;

import io.llmux.tenancy.ApiKey;
import io.llmux.tenancy.Budgets;
import io.llmux.tenancy.KeyStatus;
import io.llmux.tenancy.KeyStore;
import io.llmux.tenancy.CachePolicy;
import io.llmux.tenancy.Limits;
import io.llmux.tenancy.Page;
import io.llmux.tenancy.PageTokens;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * API keys in DynamoDB, as two items each (docs/storage.md):
 * <ul>
 *   <li>the <b>hash claim</b> {@code KEYHASH#hash / KEY}: the key's one and only record. Written
 *       first with {@code attribute_not_exists}, it makes hashes unique (an index cannot), and
 *       the authentication lookup is one strongly consistent GetItem on it;</li>
 *   <li>the <b>reference</b> {@code TENANT#tenant / KEY#id}: carries only the hash, so that a
 *       tenant's keys are one Query in id order and a key is found by (tenant, id).</li>
 * </ul>
 * Creation writes the claim (uncommitted), then the reference, then commits the claim: three
 * single-item writes, no transaction. A claim left uncommitted by a crash is treated as absent
 * everywhere and may be taken over after {@link #ORPHAN_AFTER}; a reference whose claim is
 * missing, uncommitted or another key's is ignored.
 */
@Singleton
@Requires(property = DynamoDbFactory.TABLE_PROPERTY, pattern = ".+")
public final class DynamoDbKeyStore implements KeyStore {

    static final Duration ORPHAN_AFTER = Duration.ofMinutes(5);
    private static final Duration TOUCH_GRANULARITY = Duration.ofHours(1);
    private static final int BATCH_GET_LIMIT = 100;
    private static final int DELETE_PAGE = 100;
    private static final Set<String> TOKEN_FIELDS = Set.of(PK, SK);

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public DynamoDbKeyStore(DynamoDbClient dynamo, @Value("${" + DynamoDbFactory.TABLE_PROPERTY + "}") String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    @Override
    public boolean create(ApiKey key) {
        long now = clock.millis();
        try {
            dynamo.putItem(put -> put.tableName(table).item(claim(key, now))
                    .conditionExpression("attribute_not_exists(#pk) OR (#committed = :false AND #claimed < :stale)")
                    .expressionAttributeNames(Map.of("#pk", PK, "#committed", "committed", "#claimed", "claimed_at"))
                    .expressionAttributeValues(Map.of(":false", Attributes.bool(false),
                            ":stale", Attributes.n(now - ORPHAN_AFTER.toMillis()))));
        } catch (ConditionalCheckFailedException hashTaken) {
            return false;
        }
        try {
            dynamo.putItem(put -> put.tableName(table).item(reference(key))
                    .conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", PK)));
        } catch (ConditionalCheckFailedException idTaken) {
            releaseClaim(key);
            return false;
        }
        try {
            dynamo.updateItem(update -> update.tableName(table).key(claimKey(key.hash()))
                    .updateExpression("SET #committed = :true")
                    .conditionExpression("#keyId = :keyId")
                    .expressionAttributeNames(Map.of("#committed", "committed", "#keyId", "key_id"))
                    .expressionAttributeValues(Map.of(":true", Attributes.bool(true), ":keyId", Attributes.s(key.id()))));
            return true;
        } catch (ConditionalCheckFailedException takenOver) {
            // Our claim outlived ORPHAN_AFTER and another key took the hash: this one was never stored.
            return false;
        }
    }

    @Override
    public Optional<ApiKey> get(String tenantId, String keyId) {
        Map<String, AttributeValue> reference = dynamo.getItem(get -> get.tableName(table).consistentRead(true)
                .key(SingleTable.key(SingleTable.tenantPk(tenantId), SingleTable.keyRefSk(keyId)))).item();
        if (reference == null || reference.isEmpty()) {
            return Optional.empty();
        }
        return claimed(Attributes.string(reference, "hash"))
                .filter(key -> key.tenantId().equals(tenantId) && key.id().equals(keyId));
    }

    /** One strongly consistent GetItem: a key created a moment ago must authenticate at once. */
    @Override
    public Optional<ApiKey> findByHash(String hash) {
        return claimed(hash);
    }

    @Override
    public Page<ApiKey> list(String tenantId, int limit, String pageToken) {
        PageTokens.checkLimit(limit);
        String partition = SingleTable.tenantPk(tenantId);
        Map<String, AttributeValue> start = pageToken == null ? null : startKey(partition, pageToken);
        QueryResponse response = dynamo.query(query -> query.tableName(table).consistentRead(true)
                .keyConditionExpression("#pk = :pk AND begins_with(#sk, :keys)")
                .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                .expressionAttributeValues(Map.of(":pk", Attributes.s(partition), ":keys", Attributes.s(KEY_REF_PREFIX)))
                .exclusiveStartKey(start)
                .limit(limit + 1));
        List<Map<String, AttributeValue>> references = response.items();
        String next = null;
        if (references.size() > limit) {
            references = references.subList(0, limit);
            next = token(references.getLast());
        } else if (response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() && !references.isEmpty()) {
            next = token(references.getLast());
        }
        return new Page<>(keysOf(tenantId, references), next);
    }

    /** The mutable fields only: last-used belongs to {@link #touch}, and identity never changes. */
    @Override
    public boolean update(ApiKey key) {
        Map<String, String> names = new HashMap<>(Map.of("#committed", "committed", "#keyId", "key_id", "#tenantId", "tenant_id",
                "#name", "name", "#status", "status", "#scopes", "scopes", "#models", "allowed_models",
                "#limits", "limits", "#budgets", "budgets"));
        names.put("#expires", "expires_at");
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":true", Attributes.bool(true));
        values.put(":keyId", Attributes.s(key.id()));
        values.put(":tenantId", Attributes.s(key.tenantId()));
        values.put(":status", Attributes.s(key.status().name()));
        values.put(":scopes", Attributes.strings(key.scopes()));
        values.put(":models", Attributes.strings(key.allowedModels()));
        values.put(":limits", Attributes.json(key.limits()));
        values.put(":budgets", Attributes.json(key.budgets()));
        List<String> set = new ArrayList<>(List.of("#status = :status", "#scopes = :scopes", "#models = :models",
                "#limits = :limits", "#budgets = :budgets"));
        List<String> remove = new ArrayList<>();
        if (key.name() != null) {
            values.put(":name", Attributes.s(key.name()));
            set.add("#name = :name");
        } else {
            remove.add("#name");
        }
        if (key.expiresAt() != null) {
            values.put(":expires", Attributes.instant(key.expiresAt()));
            set.add("#expires = :expires");
        } else {
            remove.add("#expires");
        }
        names.put("#cache", "cache");
        if (key.cache() != null) {
            values.put(":cache", Attributes.json(key.cache()));
            set.add("#cache = :cache");
        } else {
            remove.add("#cache");
        }
        String expression = "SET " + String.join(", ", set) + (remove.isEmpty() ? "" : " REMOVE " + String.join(", ", remove));
        try {
            dynamo.updateItem(update -> update.tableName(table).key(claimKey(key.hash()))
                    .updateExpression(expression)
                    .conditionExpression("#committed = :true AND #keyId = :keyId AND #tenantId = :tenantId")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException absent) {
            return false;
        }
    }

    /**
     * Page by page, from the start each time (what was removed is no longer read, and a key whose
     * creation raced the deletion is seen on the next page): for each reference, the claim first
     * (conditional on being this tenant's key, committed or not, so a crash after it leaves a
     * dangling reference, which every read ignores and a re-run removes), then the reference.
     * Two writes per key, no transaction; a re-run or a concurrent run finds only what is left.
     */
    @Override
    public int deleteAll(String tenantId) {
        String partition = SingleTable.tenantPk(tenantId);
        int removed = 0;
        while (true) {
            List<Map<String, AttributeValue>> references = dynamo.query(query -> query.tableName(table).consistentRead(true)
                    .keyConditionExpression("#pk = :pk AND begins_with(#sk, :keys)")
                    .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                    .expressionAttributeValues(Map.of(":pk", Attributes.s(partition), ":keys", Attributes.s(KEY_REF_PREFIX)))
                    .limit(DELETE_PAGE)).items();
            if (references.isEmpty()) {
                return removed;
            }
            for (Map<String, AttributeValue> reference : references) {
                String keyId = Attributes.string(reference, SK).substring(KEY_REF_PREFIX.length());
                deleteClaim(Attributes.string(reference, "hash"), tenantId, keyId);
                dynamo.deleteItem(delete -> delete.tableName(table).key(SingleTable.key(partition, SingleTable.keyRefSk(keyId))));
                removed++;
            }
        }
    }

    private void deleteClaim(String hash, String tenantId, String keyId) {
        if (hash == null) {
            return;
        }
        try {
            dynamo.deleteItem(delete -> delete.tableName(table).key(claimKey(hash))
                    .conditionExpression("#keyId = :keyId AND #tenantId = :tenantId")
                    .expressionAttributeNames(Map.of("#keyId", "key_id", "#tenantId", "tenant_id"))
                    .expressionAttributeValues(Map.of(":keyId", Attributes.s(keyId), ":tenantId", Attributes.s(tenantId))));
        } catch (ConditionalCheckFailedException goneOrNotThisKey) {
            // Removed by an earlier run, or the hash now belongs to another key: nothing of this key is left there.
        }
    }

    /**
     * At most one write an hour per key: the update is conditional on the stored last-used being
     * older than that, so a redundant touch costs a read and a refused condition.
     */
    @Override
    public void touch(String tenantId, String keyId, Instant usedAt) {
        Map<String, AttributeValue> reference = dynamo.getItem(get -> get.tableName(table)
                .key(SingleTable.key(SingleTable.tenantPk(tenantId), SingleTable.keyRefSk(keyId)))
                .projectionExpression("#hash").expressionAttributeNames(Map.of("#hash", "hash"))).item();
        if (reference == null || reference.isEmpty()) {
            return;
        }
        try {
            dynamo.updateItem(update -> update.tableName(table).key(claimKey(Attributes.string(reference, "hash")))
                    .updateExpression("SET #lastUsed = :usedAt")
                    .conditionExpression("#committed = :true AND #keyId = :keyId AND #tenantId = :tenantId"
                            + " AND (attribute_not_exists(#lastUsed) OR #lastUsed <= :staleBefore)")
                    .expressionAttributeNames(Map.of("#lastUsed", "last_used", "#committed", "committed",
                            "#keyId", "key_id", "#tenantId", "tenant_id"))
                    .expressionAttributeValues(Map.of(":usedAt", Attributes.n(usedAt.toEpochMilli()),
                            ":staleBefore", Attributes.n(usedAt.minus(TOUCH_GRANULARITY).toEpochMilli()),
                            ":true", Attributes.bool(true), ":keyId", Attributes.s(keyId), ":tenantId", Attributes.s(tenantId))));
        } catch (ConditionalCheckFailedException recentOrGone) {
            // Used within the hour already (the usual case), or the key is gone: nothing to record.
        }
    }

    private Optional<ApiKey> claimed(String hash) {
        if (hash == null) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = dynamo.getItem(get -> get.tableName(table).consistentRead(true)
                .key(claimKey(hash))).item();
        if (item == null || item.isEmpty() || !Attributes.bool(item, "committed")) {
            return Optional.empty();
        }
        return Optional.of(apiKey(item));
    }

    /** The claims behind a page of references, in the references' order, skipping dangling ones. */
    private List<ApiKey> keysOf(String tenantId, List<Map<String, AttributeValue>> references) {
        List<String> hashes = references.stream().map(ref -> Attributes.string(ref, "hash")).toList();
        Map<String, ApiKey> byHash = new HashMap<>();
        for (int from = 0; from < hashes.size(); from += BATCH_GET_LIMIT) {
            List<Map<String, AttributeValue>> keys = new LinkedHashSet<>(hashes.subList(from, Math.min(hashes.size(), from + BATCH_GET_LIMIT)))
                    .stream().map(DynamoDbKeyStore::claimKey).toList();
            Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
            while (!request.isEmpty()) {
                Map<String, KeysAndAttributes> pending = request;
                BatchGetItemResponse response = dynamo.batchGetItem(batch -> batch.requestItems(pending));
                response.responses().getOrDefault(table, List.of()).stream()
                        .filter(item -> Attributes.bool(item, "committed"))
                        .map(DynamoDbKeyStore::apiKey)
                        .forEach(key -> byHash.put(key.hash(), key));
                request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
            }
        }
        List<ApiKey> keys = new ArrayList<>();
        for (Map<String, AttributeValue> reference : references) {
            ApiKey key = byHash.get(Attributes.string(reference, "hash"));
            String keyId = Attributes.string(reference, SK).substring(KEY_REF_PREFIX.length());
            if (key != null && key.tenantId().equals(tenantId) && key.id().equals(keyId)) {
                keys.add(key);
            }
        }
        return keys;
    }

    /** Undoes a claim this creation made, when the key id turned out to be taken. */
    private void releaseClaim(ApiKey key) {
        try {
            dynamo.deleteItem(delete -> delete.tableName(table).key(claimKey(key.hash()))
                    .conditionExpression("#committed = :false AND #keyId = :keyId")
                    .expressionAttributeNames(Map.of("#committed", "committed", "#keyId", "key_id"))
                    .expressionAttributeValues(Map.of(":false", Attributes.bool(false), ":keyId", Attributes.s(key.id()))));
        } catch (ConditionalCheckFailedException notOurs) {
            // Already taken over as an orphan: nothing of ours is left to undo.
        }
    }

    private static String token(Map<String, AttributeValue> reference) {
        return PageTokens.encode(Map.of(PK, Attributes.string(reference, PK), SK, Attributes.string(reference, SK)));
    }

    /** Only a position inside this tenant's keys: a token cannot lead into another partition. */
    private static Map<String, AttributeValue> startKey(String partition, String pageToken) {
        Map<String, String> fields = PageTokens.decode(pageToken, TOKEN_FIELDS);
        String sk = fields.get(SK);
        if (!partition.equals(fields.get(PK)) || !sk.startsWith(KEY_REF_PREFIX) || sk.length() == KEY_REF_PREFIX.length()) {
            throw PageTokens.invalid();
        }
        return SingleTable.key(partition, sk);
    }

    private static Map<String, AttributeValue> claimKey(String hash) {
        return SingleTable.key(SingleTable.keyHashPk(hash), KEY_SK);
    }

    private static Map<String, AttributeValue> reference(ApiKey key) {
        return Map.of(PK, Attributes.s(SingleTable.tenantPk(key.tenantId())), SK, Attributes.s(SingleTable.keyRefSk(key.id())),
                "entity", Attributes.s("key_ref"), "hash", Attributes.s(key.hash()));
    }

    private static Map<String, AttributeValue> claim(ApiKey key, long claimedAt) {
        Map<String, AttributeValue> item = new HashMap<>(claimKey(key.hash()));
        item.put("entity", Attributes.s("key"));
        item.put("committed", Attributes.bool(false));
        item.put("claimed_at", Attributes.n(claimedAt));
        item.put("key_id", Attributes.s(key.id()));
        item.put("tenant_id", Attributes.s(key.tenantId()));
        item.put("prefix", Attributes.s(key.prefix()));
        item.put("hash", Attributes.s(key.hash()));
        if (key.name() != null) {
            item.put("name", Attributes.s(key.name()));
        }
        item.put("scopes", Attributes.strings(key.scopes()));
        item.put("allowed_models", Attributes.strings(key.allowedModels()));
        item.put("limits", Attributes.json(key.limits()));
        item.put("budgets", Attributes.json(key.budgets()));
        if (key.cache() != null) {
            item.put("cache", Attributes.json(key.cache()));
        }
        if (key.expiresAt() != null) {
            item.put("expires_at", Attributes.instant(key.expiresAt()));
        }
        item.put("status", Attributes.s(key.status().name()));
        item.put("created_at", Attributes.instant(key.createdAt()));
        if (key.lastUsedAt() != null) {
            item.put("last_used", Attributes.n(key.lastUsedAt().toEpochMilli()));
        }
        return item;
    }

    private static ApiKey apiKey(Map<String, AttributeValue> item) {
        long lastUsed = Attributes.number(item, "last_used", -1);
        return new ApiKey(Attributes.string(item, "key_id"), Attributes.string(item, "tenant_id"),
                Attributes.string(item, "prefix"), Attributes.string(item, "hash"), Attributes.string(item, "name"),
                Set.copyOf(Attributes.strings(item, "scopes")), Attributes.strings(item, "allowed_models"),
                Attributes.json(item, "limits", Limits.class, Limits.NONE),
                Attributes.json(item, "budgets", Budgets.class, Budgets.NONE),
                Attributes.instant(item, "expires_at"), KeyStatus.valueOf(Attributes.string(item, "status")),
                Attributes.instant(item, "created_at"), lastUsed < 0 ? null : Instant.ofEpochMilli(lastUsed),
                Attributes.json(item, "cache", CachePolicy.class, null));
    }
}
