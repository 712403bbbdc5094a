package io.llmux.budget.dynamodb;

import io.llmux.budget.BudgetCaps;
import io.llmux.budget.BudgetCounter;
import io.llmux.budget.BudgetKeys;
import io.llmux.budget.BudgetPeriod;
import io.llmux.budget.BudgetLedger;
import io.llmux.budget.CounterState;
import io.llmux.budget.Spend;
import io.llmux.tenancy.dynamodb.Attributes;
import io.llmux.tenancy.dynamodb.DynamoDbFactory;
import io.llmux.tenancy.dynamodb.SingleTable;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Budget counters in the single table (keys: {@link BudgetKeys}). Every call is one single-item
 * write or read: a reservation is one UpdateItem that ADDs under a ConditionExpression, a
 * settlement or release one unconditional ADD (negative amounts included), a claim one PutItem with
 * {@code attribute_not_exists}. No transactions (dynalite, the test DynamoDB, has none; no path
 * needs one) and no read-modify-write.
 *
 * <p>Condition expressions cannot add, so "committed + amount &lt;= cap" is written as
 * "committed &lt;= cap - amount", with the subtraction done here. A counter that does not exist
 * yet (the first request of a period) passes through {@code attribute_not_exists}; an amount
 * above the cap on its own is refused before any call, since that branch would otherwise admit it.
 */
@Singleton
@Requires(property = DynamoDbFactory.TABLE_PROPERTY, pattern = ".+")
public final class DynamoDbBudgetLedger implements BudgetLedger {

    private static final Map<String, String> COUNTER_NAMES = Map.of(
            "#ct", BudgetKeys.COMMITTED_TOKENS, "#cm", BudgetKeys.COMMITTED_MICROS,
            "#rt", BudgetKeys.RESERVED_TOKENS, "#rm", BudgetKeys.RESERVED_MICROS,
            "#ttl", SingleTable.TTL, "#entity", "entity", "#tenant", "tenant_id", "#scope", "scope",
            "#period", "period", "#pkey", "period_key");
    private static final String ADD_AND_LABEL = "ADD #ct :ct, #cm :cm, #rt :rt, #rm :rm "
            + "SET #ttl = :ttl, #entity = :entity, #tenant = :tenant, #scope = :scope, #period = :period, #pkey = :pkey";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public DynamoDbBudgetLedger(DynamoDbClient dynamo, @Value("${" + DynamoDbFactory.TABLE_PROPERTY + "}") String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    @Override
    public Optional<CounterState> reserve(BudgetCounter counter, Spend amount, BudgetCaps caps, long expiresAt) {
        if (caps.exceededBy(amount)) {
            return Optional.empty();
        }
        Map<String, AttributeValue> values = counterValues(counter, amount, amount, expiresAt);
        List<String> conditions = new ArrayList<>(2);
        if (caps.tokens() != null) {
            conditions.add("(attribute_not_exists(#ct) OR #ct <= :tokenRoom)");
            values.put(":tokenRoom", Attributes.n(caps.tokens() - amount.tokens()));
        }
        if (caps.micros() != null) {
            conditions.add("(attribute_not_exists(#cm) OR #cm <= :microRoom)");
            values.put(":microRoom", Attributes.n(caps.micros() - amount.micros()));
        }
        UpdateItemRequest.Builder update = update(counter, values);
        if (!conditions.isEmpty()) {
            update.conditionExpression(String.join(" AND ", conditions));
        }
        try {
            return Optional.of(state(dynamo.updateItem(update.build()).attributes()));
        } catch (ConditionalCheckFailedException doesNotFit) {
            return Optional.empty();
        }
    }

    @Override
    public CounterState adjust(BudgetCounter counter, Spend committed, Spend reserved, long expiresAt) {
        return state(dynamo.updateItem(update(counter, counterValues(counter, committed, reserved, expiresAt)).build()).attributes());
    }

    @Override
    public CounterState read(BudgetCounter counter) {
        Map<String, AttributeValue> item = dynamo.getItem(get -> get.tableName(table).consistentRead(true)
                .key(SingleTable.key(BudgetKeys.counterPk(counter), BudgetKeys.counterSk(counter)))).item();
        return item == null || item.isEmpty() ? CounterState.EMPTY : state(item);
    }

    @Override
    public boolean claim(String kind, BudgetCounter counter, long expiresAt) {
        Map<String, AttributeValue> item = new HashMap<>(SingleTable.key(BudgetKeys.claimPk(counter.tenantId()),
                BudgetKeys.claimSk(kind, counter)));
        item.put("entity", Attributes.s("budget_claim"));
        item.put("kind", Attributes.s(kind));
        item.put("tenant_id", Attributes.s(counter.tenantId()));
        item.put("period", Attributes.s(counter.period().wireName()));
        item.put("period_key", Attributes.s(counter.periodKey()));
        item.put("claimed_at", Attributes.s(clock.instant().toString()));
        item.put(SingleTable.TTL, Attributes.n(expiresAt));
        try {
            dynamo.putItem(put -> put.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", SingleTable.PK)));
            return true;
        } catch (ConditionalCheckFailedException alreadyClaimed) {
            return false;
        }
    }

    @Override
    public void clearClaim(String kind, BudgetCounter counter) {
        dynamo.deleteItem(delete -> delete.tableName(table)
                .key(SingleTable.key(BudgetKeys.claimPk(counter.tenantId()), BudgetKeys.claimSk(kind, counter))));
    }

    /** One Query per kind on the tenant's claim partition, then a DeleteItem per claim: a tenant has few. */
    @Override
    public int clearClaims(String tenantId, BudgetPeriod period, String periodKey) {
        int deleted = 0;
        for (String kind : BudgetKeys.CLAIM_KINDS) {
            Map<String, AttributeValue> start = null;
            do {
                QueryRequest.Builder query = QueryRequest.builder().tableName(table).consistentRead(true)
                        .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                        .expressionAttributeNames(Map.of("#pk", SingleTable.PK, "#sk", SingleTable.SK))
                        .expressionAttributeValues(Map.of(":pk", Attributes.s(BudgetKeys.claimPk(tenantId)),
                                ":prefix", Attributes.s(BudgetKeys.claimPeriodPrefix(kind, period, periodKey))))
                        .projectionExpression("#pk, #sk");
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
        }
        return deleted;
    }

    private UpdateItemRequest.Builder update(BudgetCounter counter, Map<String, AttributeValue> values) {
        return UpdateItemRequest.builder()
                .tableName(table)
                .key(SingleTable.key(BudgetKeys.counterPk(counter), BudgetKeys.counterSk(counter)))
                .updateExpression(ADD_AND_LABEL)
                .expressionAttributeNames(COUNTER_NAMES)
                .expressionAttributeValues(values)
                .returnValues(ReturnValue.UPDATED_NEW);
    }

    /** The four amounts to ADD, and the labels that let people (and the quota-reset function) read the item. */
    private static Map<String, AttributeValue> counterValues(BudgetCounter counter, Spend committed, Spend reserved, long expiresAt) {
        Map<String, AttributeValue> values = new HashMap<>(16);
        values.put(":ct", Attributes.n(committed.tokens()));
        values.put(":cm", Attributes.n(committed.micros()));
        values.put(":rt", Attributes.n(reserved.tokens()));
        values.put(":rm", Attributes.n(reserved.micros()));
        values.put(":ttl", Attributes.n(expiresAt));
        values.put(":entity", Attributes.s("budget_counter"));
        values.put(":tenant", Attributes.s(counter.tenantId()));
        values.put(":scope", Attributes.s(BudgetKeys.scopeSegment(counter)));
        values.put(":period", Attributes.s(counter.period().wireName()));
        values.put(":pkey", Attributes.s(counter.periodKey()));
        return values;
    }

    private static CounterState state(Map<String, AttributeValue> item) {
        return new CounterState(Attributes.number(item, BudgetKeys.COMMITTED_TOKENS, 0), Attributes.number(item, BudgetKeys.COMMITTED_MICROS, 0),
                Attributes.number(item, BudgetKeys.RESERVED_TOKENS, 0), Attributes.number(item, BudgetKeys.RESERVED_MICROS, 0));
    }
}
