package io.llmux.usage.dynamodb;

import io.llmux.budget.BudgetPeriod;
import io.llmux.tenancy.dynamodb.Attributes;
import io.llmux.tenancy.dynamodb.DynamoDbFactory;
import io.llmux.tenancy.dynamodb.SingleTable;
import io.llmux.usage.BudgetClaims;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Warning claims in the tenant's partition:
 * {@code TENANT#{tenantId} / BUDGETCLAIM#{period}#{periodKey}#{scope}#{threshold}}. A period's claims
 * are one Query ({@code begins_with} on the period's prefix) and a DeleteItem each: a tenant has a
 * handful of budgets and thresholds, so there are few.
 */
@Singleton
@Requires(property = DynamoDbFactory.TABLE_PROPERTY, pattern = ".+")
public final class DynamoDbBudgetClaims implements BudgetClaims {

    public static final String CLAIM_PREFIX = "BUDGETCLAIM#";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbBudgetClaims(DynamoDbClient dynamo, @Value("${" + DynamoDbFactory.TABLE_PROPERTY + "}") String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** The partition key of a tenant's claims (the tenant's own partition). */
    public static String pk(String tenantId) {
        return "TENANT#" + tenantId;
    }

    /** A claim's sort key; {@code scope} names the budget (tenant, or a key id), {@code threshold} its percentage. */
    public static String sk(BudgetPeriod period, String periodKey, String scope, int threshold) {
        return periodPrefix(period, periodKey) + scope + "#" + threshold;
    }

    static String periodPrefix(BudgetPeriod period, String periodKey) {
        return CLAIM_PREFIX + period.wireName() + "#" + periodKey + "#";
    }

    @Override
    public int clearClaims(String tenantId, BudgetPeriod period, String periodKey) {
        int deleted = 0;
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder query = QueryRequest.builder().tableName(table)
                    .keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
                    .expressionAttributeValues(Map.of(":pk", Attributes.s(pk(tenantId)),
                            ":prefix", Attributes.s(periodPrefix(period, periodKey))))
                    .projectionExpression("PK, SK");
            if (start != null) {
                query.exclusiveStartKey(start);
            }
            QueryResponse page = dynamo.query(query.build());
            for (Map<String, AttributeValue> claim : page.items()) {
                dynamo.deleteItem(delete -> delete.tableName(table)
                        .key(SingleTable.key(claim.get(SingleTable.PK).s(), claim.get(SingleTable.SK).s())));
                deleted++;
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return deleted;
    }
}
