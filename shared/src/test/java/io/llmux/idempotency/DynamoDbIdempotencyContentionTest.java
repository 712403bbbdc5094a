package io.llmux.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;

/**
 * A key that other requests keep claiming and releasing between this request's write and its read
 * (a race dynalite cannot be made to lose on purpose, so a table that always loses it stands in):
 * the claim answers "running", which the admin API turns into waiting and then a 409, never a 500.
 */
class DynamoDbIdempotencyContentionTest {

    @Test
    void aKeyThatKeepsSlippingAwayIsReportedAsRunningWithThisRequestsBody() {
        AtomicInteger writes = new AtomicInteger();
        DynamoDbClient alwaysRaced = new DynamoDbClient() {
            @Override
            public PutItemResponse putItem(PutItemRequest request) {
                writes.incrementAndGet();
                throw ConditionalCheckFailedException.builder().message("held").build();
            }

            @Override
            public GetItemResponse getItem(GetItemRequest request) {
                return GetItemResponse.builder().build(); // released again before the read
            }

            @Override
            public String serviceName() {
                return "dynamodb";
            }

            @Override
            public void close() {
            }
        };
        IdempotencyStore store = new DynamoDbIdempotencyStore(alwaysRaced, "table", Clock.systemUTC());

        IdempotencyStore.Claim claim = store.claim("tenants", "key-1", "hash-of-this-body", Duration.ofSeconds(30));

        assertEquals(new IdempotencyStore.Claim.Running("hash-of-this-body"), claim);
        assertEquals(5, writes.get());
    }
}
