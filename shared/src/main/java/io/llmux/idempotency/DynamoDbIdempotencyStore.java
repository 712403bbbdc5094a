package io.llmux.idempotency;

import io.llmux.tenancy.dynamodb.Attributes;
import io.llmux.tenancy.dynamodb.DynamoDbFactory;
import io.llmux.tenancy.dynamodb.SingleTable;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Idempotency records in the tenancy table, one item each:
 * {@code IDEMPOTENCY#sha256(scope)#sha256(key) / IDEMPOTENCY}. Hashing keeps a client's
 * Idempotency-Key of any length or alphabet within DynamoDB's key limits and spreads records over
 * partitions. The {@code ttl} attribute (epoch seconds) lets DynamoDB delete them; since its
 * deletion lags by up to days, expiry is also checked here on every read and write.
 */
@Singleton
@Requires(property = DynamoDbFactory.TABLE_PROPERTY, pattern = ".+")
public final class DynamoDbIdempotencyStore implements IdempotencyStore {

    private static final String PREFIX = "IDEMPOTENCY#";
    private static final String SORT_KEY = "IDEMPOTENCY";
    private static final HexFormat HEX = HexFormat.of();

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public DynamoDbIdempotencyStore(DynamoDbClient dynamo, @Value("${" + DynamoDbFactory.TABLE_PROPERTY + "}") String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    @Override
    public Optional<StoredResponse> find(String scope, String key) {
        Map<String, AttributeValue> item = dynamo.getItem(get -> get.tableName(table).consistentRead(true)
                .key(itemKey(scope, key))).item();
        if (item == null || item.isEmpty() || Attributes.number(item, SingleTable.TTL, 0) <= nowSeconds()) {
            return Optional.empty();
        }
        return Optional.of(new StoredResponse(Attributes.string(item, "request_hash"),
                (int) Attributes.number(item, "status", 0), item.get("body").b().asByteArray()));
    }

    /** A conditional put: the first save wins, and a record past its TTL counts as absent. */
    @Override
    public boolean save(String scope, String key, StoredResponse response, Duration ttl) {
        long now = nowSeconds();
        long expiresAt = now + Math.max(1, (ttl.toMillis() + 999) / 1000);
        Map<String, AttributeValue> item = new HashMap<>(itemKey(scope, key));
        item.put("entity", Attributes.s("idempotency"));
        item.put("scope", Attributes.s(scope));
        item.put("request_hash", Attributes.s(response.requestHash()));
        item.put("status", Attributes.n(response.status()));
        item.put("body", AttributeValue.fromB(SdkBytes.fromByteArray(response.body())));
        item.put(SingleTable.TTL, Attributes.n(expiresAt));
        try {
            dynamo.putItem(put -> put.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(#pk) OR #ttl <= :now")
                    .expressionAttributeNames(Map.of("#pk", SingleTable.PK, "#ttl", SingleTable.TTL))
                    .expressionAttributeValues(Map.of(":now", Attributes.n(now))));
            return true;
        } catch (ConditionalCheckFailedException alreadySaved) {
            return false;
        }
    }

    private long nowSeconds() {
        return Math.floorDiv(clock.millis(), 1000);
    }

    private static Map<String, AttributeValue> itemKey(String scope, String key) {
        return SingleTable.key(PREFIX + sha256(scope) + "#" + sha256(key), SORT_KEY);
    }

    private static String sha256(String text) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}
