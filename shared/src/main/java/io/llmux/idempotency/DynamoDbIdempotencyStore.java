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
import java.util.UUID;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Idempotency records in the tenancy table, one item each:
 * {@code IDEMPOTENCY#sha256(scope)#sha256(key) / IDEMPOTENCY}. Hashing keeps a client's
 * Idempotency-Key of any length or alphabet within DynamoDB's key limits and spreads records over
 * partitions. An item is first a claim ({@code state = running}, its {@code owner} and
 * {@code lease_until}), then the answer ({@code state = done}); each transition is one conditional
 * write. The {@code ttl} attribute (epoch seconds) lets DynamoDB delete them; since its deletion
 * lags by up to days, expiry is also checked here on every read and write. An item without
 * {@code state} (written before claims existed) is an answer.
 */
@Singleton
@Requires(property = DynamoDbFactory.TABLE_PROPERTY, pattern = ".+")
public final class DynamoDbIdempotencyStore implements IdempotencyStore {

    private static final String PREFIX = "IDEMPOTENCY#";
    private static final String SORT_KEY = "IDEMPOTENCY";
    private static final String STATE = "state";
    private static final String RUNNING = "running";
    private static final String DONE = "done";
    private static final String OWNER = "owner";
    private static final String LEASE_UNTIL = "lease_until";
    /** A claim that vanishes between a refused write and the read after it (released, expired) is claimed again, this often at most. */
    private static final int CLAIM_ATTEMPTS = 5;
    private static final HexFormat HEX = HexFormat.of();

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public DynamoDbIdempotencyStore(DynamoDbClient dynamo, @Value("${" + DynamoDbFactory.TABLE_PROPERTY + "}") String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    /**
     * A PutItem of the claim, conditional on there being no live record: none, one past its TTL, or
     * a claim past its lease. Refused, the record is read (strongly consistent) to say what holds it.
     */
    @Override
    public Claim claim(String scope, String key, String requestHash, Duration lease) {
        for (int attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
            long nowMillis = clock.millis();
            String owner = UUID.randomUUID().toString();
            long leaseUntil = nowMillis + lease.toMillis();
            Map<String, AttributeValue> item = new HashMap<>(itemKey(scope, key));
            item.put("entity", Attributes.s("idempotency"));
            item.put("scope", Attributes.s(scope));
            item.put("request_hash", Attributes.s(requestHash));
            item.put(STATE, Attributes.s(RUNNING));
            item.put(OWNER, Attributes.s(owner));
            item.put(LEASE_UNTIL, Attributes.n(leaseUntil));
            item.put(SingleTable.TTL, Attributes.n(Math.floorDiv(leaseUntil, 1000) + 1));
            try {
                dynamo.putItem(put -> put.tableName(table).item(item)
                        .conditionExpression("attribute_not_exists(#pk) OR #ttl <= :nowSeconds OR (#state = :running AND #lease <= :nowMillis)")
                        .expressionAttributeNames(Map.of("#pk", SingleTable.PK, "#ttl", SingleTable.TTL, "#state", STATE, "#lease", LEASE_UNTIL))
                        .expressionAttributeValues(Map.of(":nowSeconds", Attributes.n(Math.floorDiv(nowMillis, 1000)),
                                ":running", Attributes.s(RUNNING), ":nowMillis", Attributes.n(nowMillis))));
                return new Claim.Won(owner);
            } catch (ConditionalCheckFailedException held) {
                Map<String, AttributeValue> current = live(scope, key);
                if (current == null) {
                    continue;
                }
                if (!RUNNING.equals(Attributes.string(current, STATE))) {
                    return new Claim.Done(response(current));
                }
                if (Attributes.number(current, LEASE_UNTIL, 0) > clock.millis()) {
                    return new Claim.Running(Attributes.string(current, "request_hash"));
                }
            }
        }
        // Other requests with this key keep claiming and giving it back: to this one, the key is
        // busy. Answered as running with this request's own body hash (the other body is unknown),
        // so the caller waits and asks again rather than failing the request.
        return new Claim.Running(requestHash);
    }

    /** A PutItem of the answer over the claim, conditional on the claim still being this owner's. */
    @Override
    public boolean complete(String scope, String key, String owner, StoredResponse response, Duration ttl) {
        long now = nowSeconds();
        Map<String, AttributeValue> item = new HashMap<>(itemKey(scope, key));
        item.put("entity", Attributes.s("idempotency"));
        item.put("scope", Attributes.s(scope));
        item.put("request_hash", Attributes.s(response.requestHash()));
        item.put(STATE, Attributes.s(DONE));
        item.put("status", Attributes.n(response.status()));
        item.put("body", AttributeValue.fromB(SdkBytes.fromByteArray(response.body())));
        item.put(SingleTable.TTL, Attributes.n(now + Math.max(1, (ttl.toMillis() + 999) / 1000)));
        try {
            dynamo.putItem(put -> put.tableName(table).item(item)
                    .conditionExpression("#state = :running AND #owner = :owner")
                    .expressionAttributeNames(Map.of("#state", STATE, "#owner", OWNER))
                    .expressionAttributeValues(Map.of(":running", Attributes.s(RUNNING), ":owner", Attributes.s(owner))));
            return true;
        } catch (ConditionalCheckFailedException takenOver) {
            return false;
        }
    }

    @Override
    public void release(String scope, String key, String owner) {
        try {
            dynamo.deleteItem(delete -> delete.tableName(table).key(itemKey(scope, key))
                    .conditionExpression("#state = :running AND #owner = :owner")
                    .expressionAttributeNames(Map.of("#state", STATE, "#owner", OWNER))
                    .expressionAttributeValues(Map.of(":running", Attributes.s(RUNNING), ":owner", Attributes.s(owner))));
        } catch (ConditionalCheckFailedException notOurs) {
            // Taken over after the lease ran out: the claim is someone else's now.
        }
    }

    @Override
    public Optional<StoredResponse> find(String scope, String key) {
        Map<String, AttributeValue> item = live(scope, key);
        if (item == null || RUNNING.equals(Attributes.string(item, STATE))) {
            return Optional.empty();
        }
        return Optional.of(response(item));
    }

    /** The record, strongly consistent, or null if there is none or it is past its TTL. */
    private Map<String, AttributeValue> live(String scope, String key) {
        Map<String, AttributeValue> item = dynamo.getItem(get -> get.tableName(table).consistentRead(true)
                .key(itemKey(scope, key))).item();
        return item == null || item.isEmpty() || Attributes.number(item, SingleTable.TTL, 0) <= nowSeconds() ? null : item;
    }

    private static StoredResponse response(Map<String, AttributeValue> item) {
        return new StoredResponse(Attributes.string(item, "request_hash"), (int) Attributes.number(item, "status", 0),
                item.get("body").b().asByteArray());
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
