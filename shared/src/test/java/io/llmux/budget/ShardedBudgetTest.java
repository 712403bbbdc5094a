package io.llmux.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmux.budget.dynamodb.DynamoDbBudgetLedger;
import io.llmux.error.ErrorType;
import io.llmux.error.GatewayException;
import io.llmux.events.GatewayEvent;
import io.llmux.tenancy.ApiKey;
import io.llmux.tenancy.Budgets;
import io.llmux.tenancy.KeyStatus;
import io.llmux.tenancy.Limits;
import io.llmux.tenancy.Principal;
import io.llmux.tenancy.Tenant;
import io.llmux.tenancy.TenantSettings;
import io.llmux.tenancy.TenantStatus;
import io.llmux.tenancy.dynamodb.Attributes;
import io.llmux.tenancy.dynamodb.SingleTable;
import io.llmux.testing.MutableClock;
import io.llmux.testing.dynamodb.LocalDynamoDb;
import io.llmux.tokens.PricingCatalog;
import io.llmux.tokens.TokenCounter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** Tenant budgets split over shard counters (llmux.budgets.tenant-counter-shards), on dynalite. */
class ShardedBudgetTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T12:00:00Z"));
    private final List<GatewayEvent> events = new CopyOnWriteArrayList<>();

    private BudgetGate gate(BudgetLedger ledger, int shards) {
        return new BudgetGate(ledger, new BudgetAlerts(ledger, events::add, clock, 80), new TokenCounter(), PricingCatalog.bundled(),
                clock, 4096, shards);
    }

    private static Principal principal(Budgets tenant) {
        Tenant t = new Tenant("ten_sharded", "s", TenantStatus.ACTIVE, new TenantSettings(List.of(), null, Limits.NONE, tenant, "UTC"),
                Map.of(), Instant.EPOCH, Instant.EPOCH, 1);
        ApiKey k = new ApiKey("key_sharded", "ten_sharded", "llmux-sk-abcd", "hash", "k", Set.of(ApiKey.SCOPE_INFERENCE), List.of(),
                Limits.NONE, null, null, KeyStatus.ACTIVE, Instant.EPOCH, null);
        return new Principal(t, k);
    }

    private static BudgetHold reserve(BudgetGate gate, Principal principal, long tokens) {
        return gate.reserveEmbeddings(principal, "mock-embedding", () -> tokens).join();
    }

    private static CounterState shard(BudgetLedger ledger, int shard) {
        return ledger.read(BudgetCounter.ofTenant("ten_sharded", BudgetPeriod.MONTHLY, "2026-11").shard(shard));
    }

    @Test
    void theSharesOfTheShardsAddUpToTheCapExactly() {
        ActiveBudget budget = new ActiveBudget(BudgetCounter.ofTenant("t", BudgetPeriod.DAILY, "2026-11-27"), new BudgetCaps(10L, 1_000_003L),
                true, ZoneOffset.UTC, Instant.EPOCH, 0, 4);
        assertEquals(List.of(3L, 3L, 2L, 2L), List.of(budget.reservationCaps(1).tokens(), budget.reservationCaps(2).tokens(),
                budget.reservationCaps(3).tokens(), budget.reservationCaps(4).tokens()));
        assertEquals(1_000_003L, budget.reservationCaps(1).micros() + budget.reservationCaps(2).micros()
                + budget.reservationCaps(3).micros() + budget.reservationCaps(4).micros());
        assertEquals("BUDGET#t#TENANT#S3", BudgetKeys.counterPk(budget.counter(3)));
        assertEquals("BUDGET#t#TENANT", BudgetKeys.counterPk(budget.counter()));
    }

    /** Two instances, four shards, 100 requests at once against a budget that fits 40: exactly 40, settled to the token. */
    @Test
    void aShardedBudgetAdmitsExactlyItsCapUnderConcurrencyAndSettlesExactly() throws Exception {
        String table = LocalDynamoDb.newTable("budget-shards");
        BudgetLedger ledger = new DynamoDbBudgetLedger(LocalDynamoDb.client(), table, clock);
        BudgetGate a = gate(ledger, 4);
        BudgetGate b = gate(new DynamoDbBudgetLedger(LocalDynamoDb.client(), table, clock), 4);
        Principal principal = principal(new Budgets("monthly", 400L, null, true));
        CountDownLatch start = new CountDownLatch(1);
        List<Future<BudgetHold>> calls = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(24)) {
            for (int i = 0; i < 100; i++) {
                BudgetGate gate = i % 2 == 0 ? a : b;
                calls.add(pool.submit(() -> {
                    start.await();
                    try {
                        return reserve(gate, principal, 10);
                    } catch (CompletionException refused) {
                        assertEquals(ErrorType.INSUFFICIENT_QUOTA, assertInstanceOf(GatewayException.class, refused.getCause()).type());
                        return null;
                    }
                }));
            }
            start.countDown();
            List<BudgetHold> admitted = new ArrayList<>();
            for (Future<BudgetHold> call : calls) {
                if (call.get() != null) {
                    admitted.add(call.get());
                }
            }
            assertEquals(40, admitted.size(), "every shard full, none over its share");
            for (int s = 1; s <= 4; s++) {
                assertEquals(100, shard(ledger, s).committedTokens(), "shard " + s);
            }
            // Each reservation reads every shard after its write, so the one written last saw all 400 tokens.
            assertTrue(admitted.stream().anyMatch(hold -> hold.reservedStatus().remainingHeader()
                    .equals("tokens=0;scope=tenant;period=monthly;resets=2026-12-01T00:00:00Z")), "the header sums the shards");

            long spent = 0;
            for (BudgetHold hold : admitted) {
                long actual = ThreadLocalRandom.current().nextLong(11);
                spent += actual;
                hold.settle(new Spend(actual, 0)).join();
            }
            long total = 0;
            for (int s = 1; s <= 4; s++) {
                CounterState part = shard(ledger, s);
                assertEquals(0, part.reservedTokens());
                total += part.committedTokens();
            }
            assertEquals(spent, total, "the shards hold exactly what was settled");
        }
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item = LocalDynamoDb.client().getItem(get -> get
                .tableName(table).key(SingleTable.key("BUDGET#ten_sharded#TENANT#S2", "monthly#2026-11"))).item();
        assertTrue(Attributes.number(item, "committed_tokens", -1) >= 0, "shard items are keyed as documented");
        assertEquals(1, events.stream().filter(e -> e.type().equals(BudgetEvents.EXCEEDED)).count(), "refusals reported once");
    }

    @Test
    void theWarningOfAShardedBudgetIsPublishedOnceWhenTheTotalCrossesIt() throws Exception {
        String table = LocalDynamoDb.newTable("budget-shard-events");
        BudgetGate a = gate(new DynamoDbBudgetLedger(LocalDynamoDb.client(), table, clock), 3);
        BudgetGate b = gate(new DynamoDbBudgetLedger(LocalDynamoDb.client(), table, clock), 3);
        Principal principal = principal(new Budgets("monthly", 90L, null, true));
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> calls = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(24)) {
            for (int i = 0; i < 60; i++) {
                BudgetGate gate = i % 2 == 0 ? a : b;
                calls.add(pool.submit(() -> {
                    start.await();
                    reserve(gate, principal, 1).settle(new Spend(1, 0)).join();
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> call : calls) {
                call.get();
            }
        }
        assertTrue(events.isEmpty(), "60 of 90 is below 80%: " + events);
        for (int i = 0; i < 20; i++) {
            reserve(i % 2 == 0 ? a : b, principal, 1).settle(new Spend(1, 0)).join();
        }
        List<GatewayEvent> warnings = events.stream().filter(e -> e.type().equals(BudgetEvents.WARNING)).toList();
        assertEquals(1, warnings.size(), events.toString());
        assertEquals(72L, warnings.getFirst().data().get("spent"), "published by the settlement that took the total to 72");
    }

    @Test
    void aRequestLargerThanOneShardIsToldSo() {
        BudgetGate gate = gate(new DynamoDbBudgetLedger(LocalDynamoDb.client(), LocalDynamoDb.newTable("budget-shard-size"), clock), 4);
        Principal principal = principal(new Budgets("monthly", 100L, null, true));
        CompletionException thrown = assertThrows(CompletionException.class, () -> reserve(gate, principal, 30));
        GatewayException e = assertInstanceOf(GatewayException.class, thrown.getCause());
        assertTrue(e.getMessage().startsWith("This request may use up to 30 tokens (its prompt plus max output tokens), more than one of "
                + "the 4 counters of your tenant's monthly token budget of 100 tokens can take (each holds 25 tokens)."), e.getMessage());
    }
}
