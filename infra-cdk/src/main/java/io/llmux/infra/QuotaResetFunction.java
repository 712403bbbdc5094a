package io.llmux.infra;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.scheduler.ContextAttribute;
import software.amazon.awscdk.services.scheduler.Schedule;
import software.amazon.awscdk.services.scheduler.ScheduleExpression;
import software.amazon.awscdk.services.scheduler.ScheduleTargetInput;
import software.amazon.awscdk.services.scheduler.targets.LambdaInvoke;
import software.constructs.Construct;

/**
 * The quota-reset function (functions/quota-reset) and the EventBridge Scheduler schedule that
 * runs it every hour: it closes each tenant's ended daily, weekly and monthly periods (summary,
 * budget_reset event, warning claims cleared; docs/usage-reports.md). Outside the VPC: it needs
 * DynamoDB only. Its table rights are what it calls and no more: Query (the tenant list on GSI1,
 * a period's items), PutItem of usage summaries only (USAGE# partitions), DeleteItem of claims in
 * tenant partitions (TENANT#).
 */
public final class QuotaResetFunction extends Construct {

    static final String HANDLER = "io.llmux.quotareset.QuotaResetHandler";
    /** What the scheduler sends; events/quota-reset.json is this with the placeholders filled in. */
    static final String SOURCE = "llmux.quota-reset";

    private final Function function;
    private final Alias alias;
    private final Schedule schedule;

    public QuotaResetFunction(Construct scope, String id, Settings settings, DataTable table) {
        super(scope, id);
        if (!Files.isRegularFile(settings.quotaResetJar())) {
            throw new IllegalStateException("The quota-reset function's jar " + settings.quotaResetJar().toAbsolutePath().normalize()
                    + " is missing. Build it first: mvn -B -q package -pl functions/quota-reset -am -DskipTests"
                    + " (or point CDK context 'quotaResetJar' at it)");
        }
        this.function = JavaFunctions.builder(this, "Function", "LLMux quota reset (closes ended usage and budget periods, hourly)")
                .code(Code.fromAsset(settings.quotaResetJar().toString()))
                .handler(HANDLER)
                // A Query and a write or two per tenant and period, once an hour: the smallest
                // size that starts a JVM in reasonable time.
                .memorySize(512)
                // A page of 100 tenants takes seconds; 5 minutes covers tens of thousands.
                .timeout(Duration.minutes(5))
                .environment(Map.of(
                        "LLMUX_STORE_DYNAMODB_TABLE", table.table().getTableName(),
                        "LLMUX_SERVICE_NAME", "llmux-quota-reset",
                        "JAVA_TOOL_OPTIONS", JavaFunctions.JVM_OPTIONS))
                .build();
        String tableArn = table.table().getTableArn();
        function.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("dynamodb:Query"))
                .resources(List.of(tableArn, tableArn + "/index/" + DataTable.INDEX))
                .build());
        function.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("dynamodb:PutItem"))
                .resources(List.of(tableArn))
                .conditions(Map.of("ForAllValues:StringLike", Map.of("dynamodb:LeadingKeys", List.of("USAGE#*"))))
                .build());
        function.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("dynamodb:DeleteItem"))
                .resources(List.of(tableArn))
                .conditions(Map.of("ForAllValues:StringLike", Map.of("dynamodb:LeadingKeys", List.of("TENANT#*"))))
                .build());
        this.alias = JavaFunctions.publish(function);

        // Periods end at each tenant's local midnight, whatever its offset from UTC: hourly, a
        // period is closed within an hour of its end (plus the function's 5 minute grace). A missed
        // run is harmless: the next one closes the same periods, and a daily period stays
        // "the previous one" for 24 hours.
        this.schedule = Schedule.Builder.create(this, "Hourly")
                .description("LLMux quota reset: close ended usage and budget periods")
                .schedule(ScheduleExpression.rate(Duration.hours(1)))
                .target(LambdaInvoke.Builder.create(alias)
                        .input(ScheduleTargetInput.fromObject(Map.of(
                                "source", SOURCE,
                                "scheduled_time", ContextAttribute.getScheduledTime(),
                                "execution_id", ContextAttribute.getExecutionId())))
                        // Runs are idempotent, so retrying a failed one is safe; a run an hour
                        // late is already superseded by the next, hence the short age.
                        .retryAttempts(3)
                        .maxEventAge(Duration.minutes(55))
                        .build())
                .build();
    }

    public Function function() {
        return function;
    }

    public Alias alias() {
        return alias;
    }

    public Schedule schedule() {
        return schedule;
    }
}
