package io.llmux.bench;

import io.llmux.openai.ChatRequest;
import io.llmux.openai.ChatRequestParser;
import io.llmux.pipeline.ModelAccess;
import io.llmux.provider.ModelRouter;
import io.llmux.provider.ProviderRegistry;
import io.llmux.provider.mock.MockProvider;
import io.llmux.routing.DeploymentState;
import io.llmux.routing.DeploymentStates;
import io.llmux.routing.GroupMember;
import io.llmux.routing.ModelGroups;
import io.llmux.routing.RequestRouter;
import io.llmux.routing.ResilienceSettings;
import io.llmux.routing.RoutePlan;
import io.llmux.routing.TaskClassifier;
import io.llmux.routing.TaskType;
import io.llmux.tenancy.ApiKey;
import io.llmux.tenancy.Budgets;
import io.llmux.tenancy.KeyStatus;
import io.llmux.tenancy.Limits;
import io.llmux.tenancy.Principal;
import io.llmux.tenancy.Tenant;
import io.llmux.tenancy.TenantSettings;
import io.llmux.tenancy.TenantStatus;
import io.llmux.tokens.PricingCatalog;
import io.llmux.tokens.TokenCounter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one routing decision over a group of 20 deployments: the whole route stage of the
 * pipeline (strategy header, group lookup, permission check per member, capability filter,
 * strategy ordering and the reason string), per strategy, with latency EWMAs and in-flight counts
 * populated; and the task classifier alone on the sample prompt.
 * Run: java -jar bench/jmh/target/benchmarks.jar RoutingBenchmark
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC"})
@State(Scope.Benchmark)
public class RoutingBenchmark {

    private static final int DEPLOYMENTS = 20;

    @Param({"balanced", "latency", "cost", "least-busy", "weighted-round-robin"})
    public String strategy;

    private RequestRouter router;
    private Principal principal;
    private ChatRequest request;
    private ChatRequest taskRequest;
    private final TaskClassifier classifier = new TaskClassifier();

    @Setup
    public void setUp() {
        TokenCounter tokens = new TokenCounter();
        ModelRouter models = new ModelRouter(new ProviderRegistry(List.of(new MockProvider(tokens, Duration.ZERO))));
        DeploymentStates states = new DeploymentStates(ResilienceSettings.DEFAULTS);
        StringBuilder json = new StringBuilder("{\"big\":{\"deployments\":[");
        StringBuilder tasks = new StringBuilder("{\"tasky\":{\"deployments\":[");
        for (int i = 0; i < DEPLOYMENTS; i++) {
            String member = "{\"model\":\"mock/model-" + i + "\",\"weight\":" + (1 + i % 3) + ",\"context-window\":128000,"
                    + "\"quality\":" + (0.3 + i * 0.03) + ",\"cost\":" + (1 + i % 7) + (i % 4 == 0 ? ",\"tasks\":[\"code\"]" : "") + "}";
            json.append(i == 0 ? "" : ",").append(member);
            tasks.append(i == 0 ? "" : ",").append(member);
        }
        json.append("]}}");
        tasks.append("]}}");
        Map<String, Map<String, Object>> groups = new java.util.HashMap<>(ModelGroups.parseJson(json.toString()));
        groups.putAll(ModelGroups.parseJson(tasks.toString()));
        ModelGroups configured = new ModelGroups(groups, models, PricingCatalog.bundled(), states);
        router = new RequestRouter(configured, new ModelAccess(models), models, states, tokens, "balanced");
        for (GroupMember member : configured.byName("big").members()) {
            DeploymentState state = states.of(member.id());
            for (int sample = 0; sample < 10; sample++) {
                state.health().recordFirstToken(TimeUnit.MILLISECONDS.toNanos(ThreadLocalRandom.current().nextInt(80, 400)));
                state.health().recordTotal(TimeUnit.MILLISECONDS.toNanos(ThreadLocalRandom.current().nextInt(400, 4000)));
            }
        }
        Instant now = Instant.now();
        Tenant tenant = new Tenant("ten_bench", "bench", TenantStatus.ACTIVE,
                new TenantSettings(List.of(), null, Limits.NONE, Budgets.NONE, "UTC", null), Map.of(), now, now, 1);
        ApiKey key = new ApiKey("key_bench", "ten_bench", "llmux-sk-benc", "0".repeat(64), "bench", Set.of(ApiKey.SCOPE_INFERENCE),
                List.of(), Limits.NONE, Budgets.NONE, null, KeyStatus.ACTIVE, now, null);
        principal = new Principal(tenant, key);
        request = ChatRequestParser.parse(new String(Samples.CHAT_REQUEST, java.nio.charset.StandardCharsets.UTF_8)
                .replaceFirst("\"model\"\\s*:\\s*\"[^\"]*\"", "\"model\":\"big\"").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        taskRequest = ChatRequestParser.parse(new String(Samples.CHAT_REQUEST, java.nio.charset.StandardCharsets.UTF_8)
                .replaceFirst("\"model\"\\s*:\\s*\"[^\"]*\"", "\"model\":\"tasky\"").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (route().candidates().size() != DEPLOYMENTS) {
            throw new IllegalStateException("the benchmark group lost members");
        }
    }

    /** One routing decision over 20 deployments with the strategy of this run (sent as the request header). */
    @Benchmark
    public RoutePlan route() {
        return router.route(principal, request, strategy).plan();
    }

    /** The same, in a group that routes by task type: the classifier runs on the prompt first. */
    @Benchmark
    public RoutePlan routeByTask() {
        return router.route(principal, taskRequest, strategy).plan();
    }

    /** The task classifier alone, on the sample prompt. */
    @Benchmark
    public TaskType classify() {
        return classifier.classify(request);
    }
}
