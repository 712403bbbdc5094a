package io.llmux.tenancy.dynamodb;

import static io.llmux.tenancy.dynamodb.SingleTable.GSI1;
import static io.llmux.tenancy.dynamodb.SingleTable.GSI1_PK;
import static io.llmux.tenancy.dynamodb.SingleTable.GSI1_SK;
import static io.llmux.tenancy.dynamodb.SingleTable.PK;
import static io.llmux.tenancy.dynamodb.SingleTable.SK;

import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * Creates the table with its index (on-demand billing) when it is missing, and waits until it is
 * usable. For tests and local development ({@code llmux.store.dynamodb.create-table=true}):
 * production tables, with their TTL setting, come from the CDK stack.
 */
public final class TableBootstrap {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(100);

    private TableBootstrap() {
    }

    public static void ensureTable(DynamoDbClient dynamo, String table) {
        try {
            dynamo.describeTable(describe -> describe.tableName(table));
        } catch (ResourceNotFoundException missing) {
            create(dynamo, table);
        }
        awaitActive(dynamo, table);
    }

    private static void create(DynamoDbClient dynamo, String table) {
        try {
            dynamo.createTable(create -> create.tableName(table)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(stringAttribute(PK), stringAttribute(SK), stringAttribute(GSI1_PK), stringAttribute(GSI1_SK))
                    .keySchema(keyElement(PK, KeyType.HASH), keyElement(SK, KeyType.RANGE))
                    .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName(GSI1)
                            .keySchema(keyElement(GSI1_PK, KeyType.HASH), keyElement(GSI1_SK, KeyType.RANGE))
                            .projection(projection -> projection.projectionType(ProjectionType.ALL))
                            .build()));
        } catch (ResourceInUseException createdMeanwhile) {
            // Another instance created it first: waiting for it to be active is all that is left.
        }
    }

    private static void awaitActive(DynamoDbClient dynamo, String table) {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (true) {
            TableDescription description = dynamo.describeTable(describe -> describe.tableName(table)).table();
            boolean indexesActive = !description.hasGlobalSecondaryIndexes() || description.globalSecondaryIndexes().stream()
                    .allMatch(index -> index.indexStatus() == IndexStatus.ACTIVE);
            if (description.tableStatus() == TableStatus.ACTIVE && indexesActive) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("DynamoDB table " + table + " is not active after " + READY_TIMEOUT.toSeconds() + " s");
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for table " + table, e);
            }
        }
    }

    private static AttributeDefinition stringAttribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement keyElement(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
