package io.llmux.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmux.openai.ChatRequestParser;
import io.llmux.provider.Deployment;
import io.llmux.provider.mock.MockProvider;
import io.llmux.tokens.TokenCounter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Filtering by capability, task preference, and what each strategy puts first. */
class RoutePlannerTest {

    private static final TokenCounter TOKENS = new TokenCounter();
    private static final MockProvider PROVIDER = new MockProvider(TOKENS, Duration.ZERO);

    private final DeploymentStates states = new DeploymentStates(ResilienceSettings.DEFAULTS);
    private final RoutePlanner planner = new RoutePlanner();

    private GroupMember member(String model, int weight, Capabilities caps, double quality, double cost, Set<TaskType> tasks) {
        return new GroupMember(new Deployment(PROVIDER, model), weight, caps, quality, cost, tasks, states.of("mock/" + model));
    }

    private GroupMember member(String model, double quality, double cost) {
        return member(model, 1, Capabilities.ANY, quality, cost, Set.of());
    }

    private static RequestTraits traits(String body) {
        return new RequestTraits(ChatRequestParser.parse(body.getBytes(StandardCharsets.UTF_8)), TOKENS);
    }

    private static final RequestTraits PLAIN = traits("{\"model\":\"g\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}");

    private List<String> order(List<GroupMember> members, RouteStrategy strategy, boolean stream) {
        ModelGroup group = new ModelGroup("g", members, strategy, ModelGroup.BalancedWeights.DEFAULT, List.of(), null, null);
        return planner.order("g", group, members, strategy, null, stream).candidates().stream().map(GroupMember::id).toList();
    }

    @Test
    void capabilitiesFilterBeforeScoring() {
        GroupMember noTools = member("a", 1, new Capabilities(0, false, true, true, true), 0.9, 1, Set.of());
        GroupMember noVision = member("b", 1, new Capabilities(0, true, false, true, true), 0.9, 1, Set.of());
        GroupMember noStream = member("c", 1, new Capabilities(0, true, true, true, false), 0.9, 1, Set.of());
        GroupMember noJson = member("d", 1, new Capabilities(0, true, true, false, true), 0.9, 1, Set.of());
        GroupMember tiny = member("e", 1, new Capabilities(10, true, true, true, true), 0.9, 1, Set.of());
        GroupMember all = member("f", 1, Capabilities.ANY, 0.1, 1, Set.of());
        List<GroupMember> members = List.of(noTools, noVision, noStream, noJson, tiny, all);

        EnumSet<RoutePlanner.Need> unmet = EnumSet.noneOf(RoutePlanner.Need.class);
        RequestTraits demanding = traits("""
                {"model":"g","stream":true,"response_format":{"type":"json_object"},
                 "tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}],
                 "messages":[{"role":"user","content":[{"type":"text","text":"%s"},
                   {"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA"}}]}]}""".formatted("word ".repeat(50)));
        assertEquals(List.of(all), planner.eligible(members, demanding, unmet));
        assertEquals(EnumSet.allOf(RoutePlanner.Need.class), unmet);

        EnumSet<RoutePlanner.Need> none = EnumSet.noneOf(RoutePlanner.Need.class);
        assertEquals(members, planner.eligible(members, PLAIN, none), "a plain short request fits them all");
        assertTrue(none.isEmpty());
    }

    @Test
    void eachStrategyPutsItsBestFirst() {
        GroupMember fastCheap = member("fast-cheap", 0.3, 0.5);
        GroupMember slowGood = member("slow-good", 0.95, 20);
        GroupMember middle = member("middle", 0.5, 3);
        fastCheap.health().recordTotal(Duration.ofMillis(100).toNanos());
        slowGood.health().recordTotal(Duration.ofMillis(900).toNanos());
        middle.health().recordTotal(Duration.ofMillis(300).toNanos());
        middle.health().recordFirstToken(Duration.ofMillis(50).toNanos());
        fastCheap.health().recordFirstToken(Duration.ofMillis(80).toNanos());
        slowGood.health().recordFirstToken(Duration.ofMillis(400).toNanos());
        List<GroupMember> members = List.of(slowGood, middle, fastCheap);

        assertEquals(List.of("mock/fast-cheap", "mock/middle", "mock/slow-good"), order(members, RouteStrategy.LATENCY, false));
        assertEquals("mock/middle", order(members, RouteStrategy.LATENCY, true).getFirst(), "streams go by time to first token");
        assertEquals(List.of("mock/fast-cheap", "mock/middle", "mock/slow-good"), order(members, RouteStrategy.COST, false));
        assertEquals(List.of("mock/slow-good", "mock/middle", "mock/fast-cheap"), order(members, RouteStrategy.QUALITY, false));
        assertEquals("mock/fast-cheap", order(members, RouteStrategy.BALANCED, false).getFirst(),
                "0.4 x quality + 0.3 x latency + 0.3 x cost: 0.72 for fast-cheap, 0.68 for middle, 0.38 for slow-good");
    }

    @Test
    void theReasonSaysWhyTheFirstIsFirst() {
        GroupMember a = member("a", 0.5, 1);
        GroupMember b = member("b", 0.5, 2);
        a.health().recordFirstToken(Duration.ofMillis(120).toNanos());
        b.health().recordFirstToken(Duration.ofMillis(300).toNanos());
        ModelGroup group = new ModelGroup("g", List.of(a, b), null, ModelGroup.BalancedWeights.DEFAULT, List.of(), null, null);
        assertEquals("lowest ttft ewma 120ms", planner.order("g", group, group.members(), RouteStrategy.LATENCY, null, true).reason());
        assertEquals("lowest cost $1.00/Mtok", planner.order("g", group, group.members(), RouteStrategy.COST, null, true).reason());
    }

    @Test
    void unmeasuredDeploymentsAreTriedFirstByLatency() {
        GroupMember measured = member("measured", 0.5, 1);
        measured.health().recordTotal(Duration.ofMillis(50).toNanos());
        GroupMember fresh = member("fresh", 0.5, 1);
        RoutePlan plan = planner.order("g", null, List.of(measured, fresh), RouteStrategy.LATENCY, null, false);
        assertEquals("mock/fresh", plan.candidates().getFirst().id());
        assertEquals("no latency sample yet for mock/fresh", plan.reason());
    }

    @Test
    void leastBusyPicksTheFewestInFlight() {
        GroupMember busy = member("busy", 0.5, 1);
        GroupMember idle = member("idle", 0.5, 1);
        busy.state().tryAcquire();
        busy.state().tryAcquire();
        idle.state().tryAcquire();
        assertEquals(List.of("mock/idle", "mock/busy"), order(List.of(busy, idle), RouteStrategy.LEAST_BUSY, false));
        idle.state().release();
        idle.state().release();
    }

    @Test
    void weightedRoundRobinAndRandomFollowTheWeights() {
        GroupMember heavy = member("heavy", 3, Capabilities.ANY, 0.5, 1, Set.of());
        GroupMember light = member("light", 1, Capabilities.ANY, 0.5, 1, Set.of());
        ModelGroup group = new ModelGroup("g", List.of(heavy, light), null, ModelGroup.BalancedWeights.DEFAULT, List.of(), null, null);
        int heavyTurns = 0;
        for (int i = 0; i < 400; i++) {
            RoutePlan plan = planner.order("g", group, group.members(), RouteStrategy.WEIGHTED_ROUND_ROBIN, null, false);
            heavyTurns += plan.candidates().getFirst() == heavy ? 1 : 0;
            assertEquals(2, plan.candidates().size(), "the other stays as the failover");
        }
        assertEquals(300, heavyTurns);
        int heavyDraws = 0;
        for (int i = 0; i < 4000; i++) {
            heavyDraws += planner.order("g", group, group.members(), RouteStrategy.RANDOM, null, false).candidates().getFirst() == heavy ? 1 : 0;
        }
        assertTrue(heavyDraws > 2700 && heavyDraws < 3300, "about 3 in 4 draws: " + heavyDraws);
    }

    @Test
    void membersPreferredForTheTaskComeFirst() {
        GroupMember coder = member("coder", 1, Capabilities.ANY, 0.2, 1, Set.of(TaskType.CODE));
        GroupMember writer = member("writer", 1, Capabilities.ANY, 0.9, 1, Set.of(TaskType.CREATIVE));
        ModelGroup group = new ModelGroup("g", List.of(writer, coder), null, ModelGroup.BalancedWeights.DEFAULT, List.of(), null, null);
        RoutePlan code = planner.order("g", group, group.members(), RouteStrategy.QUALITY, TaskType.CODE, false);
        assertEquals(List.of(coder, writer), code.candidates());
        assertEquals("preferred for code; highest quality 0.20", code.reason());
        RoutePlan chat = planner.order("g", group, group.members(), RouteStrategy.QUALITY, TaskType.CHAT, false);
        assertEquals(List.of(writer, coder), chat.candidates(), "no member prefers chat: the strategy alone decides");
    }

    @Test
    void strategiesAreNamedAsDocumented() {
        assertEquals(RouteStrategy.WEIGHTED_ROUND_ROBIN, RouteStrategy.byName("weighted-round-robin"));
        assertEquals(RouteStrategy.LEAST_BUSY, RouteStrategy.byName("LEAST_BUSY"));
        assertEquals(null, RouteStrategy.byName("fastest"));
        assertEquals("1.05", RoutePlanner.decimal(1.049999));
        assertEquals("0.07", RoutePlanner.decimal(0.07));
    }
}
