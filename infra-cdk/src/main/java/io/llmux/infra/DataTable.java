package io.llmux.infra;

import java.util.List;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/**
 * The one table of tenants, keys and idempotency records (docs/storage.md): string keys PK/SK, the
 * sparse index GSI1 (GSI1PK/GSI1SK, projection ALL) that lists tenants, and TTL on {@code ttl},
 * which the application never switches on itself.
 */
public final class DataTable extends Construct {

    public static final String INDEX = "GSI1";
    /** What the stores call (docs/storage.md): single-item reads and conditional writes, a key page's batch read. */
    public static final List<String> STORE_ACTIONS = List.of(
            "dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query",
            "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem");

    private final Table table;

    public DataTable(Construct scope, String id, Settings settings) {
        super(scope, id);
        this.table = Table.Builder.create(this, "Table")
                .partitionKey(Attribute.builder().name("PK").type(AttributeType.STRING).build())
                .sortKey(Attribute.builder().name("SK").type(AttributeType.STRING).build())
                // Traffic follows LLM calls, spiky and unpredictable; on demand costs nothing idle.
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .timeToLiveAttribute("ttl")
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true).build())
                // A KMS key the account owns and CloudTrail shows (aws/dynamodb); no monthly key fee.
                .encryption(TableEncryption.AWS_MANAGED)
                .deletionProtection(settings.deletionProtection())
                // Key hashes cannot be recomputed from anything else: a stack deletion keeps the table.
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        table.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder()
                .indexName(INDEX)
                .partitionKey(Attribute.builder().name("GSI1PK").type(AttributeType.STRING).build())
                .sortKey(Attribute.builder().name("GSI1SK").type(AttributeType.STRING).build())
                .projectionType(ProjectionType.ALL)
                .build());
    }

    public Table table() {
        return table;
    }

    /**
     * Lets a function call exactly the stores' operations on this table and its index, nothing
     * else (no Scan, no table management, no other table).
     */
    public void grantStoreAccess(IGrantable grantee) {
        grantee.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(STORE_ACTIONS)
                .resources(List.of(table.getTableArn(), table.getTableArn() + "/index/" + INDEX))
                .build());
    }
}
