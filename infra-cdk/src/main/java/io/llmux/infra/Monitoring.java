package io.llmux.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * Alarms on what users feel or what costs money (5xx rate, p99 latency, Lambda throttles and
 * errors, DynamoDB throttling, cache throttling), published to one SNS topic, and a dashboard of
 * the same signals.
 */
public final class Monitoring extends Construct {

    private static final Duration PERIOD = Duration.minutes(5);

    private final Topic topic;
    private final List<Alarm> alarms = new ArrayList<>();

    public Monitoring(Construct scope, String id, Settings settings, RestApi api, Map<String, Function> functions,
                      Table table, Cache cache) {
        super(scope, id);
        this.topic = Topic.Builder.create(this, "AlarmTopic").displayName("LLMux " + settings.stage() + " alarms").build();
        if (settings.alarmEmail() != null) {
            topic.addSubscription(new EmailSubscription(settings.alarmEmail()));
        }

        // 5XXError is 0 or 1 per request, so its average is the share of requests that failed.
        IMetric serverErrorRate = api.metricServerError(MetricOptions.builder().statistic("Average").period(PERIOD).build());
        alarm("ServerErrorRate", serverErrorRate, 0.05, 3,
                "More than 5% of API requests answered 5xx for 15 minutes");
        // Latency includes the generation time of the model, so the threshold is a context setting.
        IMetric latencyP99 = api.metricLatency(MetricOptions.builder().statistic("p99").period(PERIOD).build());
        alarm("LatencyP99", latencyP99, settings.latencyP99AlarmMs(), 3,
                "API p99 latency above " + settings.latencyP99AlarmMs() + " ms for 15 minutes");

        List<IMetric> invocations = new ArrayList<>();
        List<IMetric> failures = new ArrayList<>();
        List<IMetric> durations = new ArrayList<>();
        functions.forEach((name, function) -> {
            IMetric throttles = function.metricThrottles(MetricOptions.builder().statistic("Sum").period(PERIOD).build());
            alarm(name + "Throttles", throttles, 1, 1, "The " + name + " function was throttled (concurrency limit reached)");
            IMetric errors = function.metricErrors(MetricOptions.builder().statistic("Sum").period(PERIOD).build());
            alarm(name + "Errors", errors, 5, 2, "The " + name + " function failed invocations (crash, timeout, out of memory)");
            invocations.add(function.metricInvocations(MetricOptions.builder().label(name + " invocations").period(PERIOD).build()));
            failures.add(throttles);
            failures.add(errors);
            durations.add(function.metricDuration(MetricOptions.builder().label(name + " p99 ms").statistic("p99").period(PERIOD).build()));
        });

        // On-demand tables throttle too (past twice the previous peak, or a hot partition).
        IMetric dynamoThrottles = MathExpression.Builder.create()
                .expression("reads + writes")
                .usingMetrics(Map.of(
                        "reads", table.metric("ReadThrottleEvents", MetricOptions.builder().statistic("Sum").period(PERIOD).build()),
                        "writes", table.metric("WriteThrottleEvents", MetricOptions.builder().statistic("Sum").period(PERIOD).build())))
                .label("DynamoDB throttle events")
                .period(PERIOD)
                .build();
        alarm("DynamoDbThrottles", dynamoThrottles, 1, 2, "DynamoDB throttled reads or writes of the LLMux table");

        List<IMetric> cacheMetrics = new ArrayList<>();
        if (cache != null) {
            Metric cacheThrottled = Metric.Builder.create()
                    .namespace("AWS/ElastiCache").metricName("ThrottledCmds")
                    .dimensionsMap(Map.of("clusterId", cache.name()))
                    .statistic("Sum").period(PERIOD).build();
            alarm("CacheThrottles", cacheThrottled, 1, 2, "ElastiCache throttled commands (usage limit reached)");
            cacheMetrics.add(cacheThrottled);
            cacheMetrics.add(Metric.Builder.create()
                    .namespace("AWS/ElastiCache").metricName("ElastiCacheProcessingUnits")
                    .dimensionsMap(Map.of("clusterId", cache.name()))
                    .statistic("Sum").period(PERIOD).build());
        }

        Dashboard dashboard = Dashboard.Builder.create(this, "Dashboard").dashboardName("llmux-" + settings.stage()).build();
        dashboard.addWidgets(
                graph("API requests and errors", List.of(
                        api.metricCount(MetricOptions.builder().statistic("Sum").period(PERIOD).build()),
                        api.metricClientError(MetricOptions.builder().statistic("Sum").period(PERIOD).build()),
                        api.metricServerError(MetricOptions.builder().statistic("Sum").period(PERIOD).build()))),
                graph("API latency (ms)", List.of(
                        api.metricLatency(MetricOptions.builder().statistic("p50").period(PERIOD).build()),
                        latencyP99)));
        dashboard.addWidgets(
                graph("Lambda invocations", invocations),
                graph("Lambda throttles and errors", failures),
                graph("Lambda duration p99 (ms)", durations));
        dashboard.addWidgets(
                graph("DynamoDB consumed capacity", List.of(
                        table.metricConsumedReadCapacityUnits(MetricOptions.builder().statistic("Sum").period(PERIOD).build()),
                        table.metricConsumedWriteCapacityUnits(MetricOptions.builder().statistic("Sum").period(PERIOD).build()))),
                graph("DynamoDB throttling", List.of(dynamoThrottles)));
        if (!cacheMetrics.isEmpty()) {
            dashboard.addWidgets(graph("Cache ECPUs and throttled commands", cacheMetrics));
        }
    }

    private void alarm(String id, IMetric metric, double threshold, int periods, String description) {
        Alarm alarm = Alarm.Builder.create(this, id)
                .metric(metric)
                .threshold(threshold)
                .evaluationPeriods(periods)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                // No traffic is not a failure: an idle deployment stays green.
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .alarmDescription(description)
                .build();
        alarm.addAlarmAction(new SnsAction(topic));
        alarms.add(alarm);
    }

    private static GraphWidget graph(String title, List<IMetric> metrics) {
        return GraphWidget.Builder.create().title(title).left(metrics).width(8).build();
    }

    public Topic topic() {
        return topic;
    }

    public List<Alarm> alarms() {
        return List.copyOf(alarms);
    }
}
