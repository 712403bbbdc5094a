package io.llmux.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmux.budget.dynamodb.DynamoDbBudgetLedger;
import io.llmux.budget.memory.InMemoryBudgetLedger;
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
import io.llmux.testing.MutableClock;
import io.llmux.testing.dynamodb.LocalDynamoDb;
import io.llmux.tokens.PricingCatalog;
import io.llmux.tokens.TokenCounter;
import java.time.Duration;
import java.time.Instant;
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
import org.junit.jupiter.api.Test;

/** The budget stage on its own: which budgets apply, reservations, compensation, refusals, periods and events. */
class BudgetGateTest {

    private static final TokenCounter TOKENS = new TokenCounter();
    private static final PricingCatalog PRICES = PricingCatalog.bundled();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T12:00:00Z"));
    private final List<GatewayEvent> events = new CopyOnWriteArrayList<>();

    private BudgetGate gate(BudgetLedger ledger) {
        return new BudgetGate(ledger, new BudgetAlerts(ledger, events::add, clock, 80), TOKENS, PRICES, clock, 4096);
    }

    private static Principal principal(Budgets tenant, Budgets key, String zone) {
        TenantSettings settings = new TenantSettings(List.of(), null, Limits.NONE, tenant, zone);
        Tenant t = new Tenant("ten_gate", "gate", TenantStatus.ACTIVE, settings, Map.of(), Instant.EPOCH, Instant.EPOCH, 1);
        ApiKey k = new ApiKey("key_gate", "ten_gate", "llmux-sk-abcd", "hash", "k", Set.of(ApiKey.SCOPE_INFERENCE), List.of(),
                Limits.NONE, key, null, KeyStatus.ACTIVE, Instant.EPOCH, null);
        return new Principal(t, k);
    }

    private static GatewayException refusal(Throwable thrown) {
        Throwable cause = thrown instanceof CompletionException && thrown.getCause() != null ? thrown.getCause() : thrown;
        return assertInstanceOf(GatewayException.class, cause);
    }

    private static BudgetHold reserve(BudgetGate gate, Principal principal, long tokens) {
        return gate.reserveEmbeddings(principal, "mock-embedding", () -> tokens).join();
    }

    @Test
    void withoutBudgetsNothingIsCountedAndTheHeaderSaysUnlimited() {
        InMemoryBudgetLedger ledger = new InMemoryBudgetLedger(clock);
        BudgetHold hold = reserve(gate(ledger), principal(Budgets.NONE, Budgets.NONE, "UTC"), 10);
        assertFalse(hold.budgeted());
        BudgetStatus status = hold.settle(new Spend(10, 25)).join();
        assertEquals("0.000025", status.costHeader());
        assertEquals("unlimited", status.remainingHeader());
    }

    @Test
    void whenTheTenantRefusesTheKeysReservationIsGivenBack() {
        InMemoryBudgetLedger ledger = new InMemoryBudgetLedger(clock);
        BudgetGate gate = gate(ledger);
        Principal principal = principal(new Budgets("monthly", 100L, null, true), new Budgets("daily", 1_000L, null, true), "UTC");
        BudgetHold first = reserve(gate, principal, 80);
        first.settle(new Spend(80, 0)).join();

        Throwable thrown = assertThrows(CompletionException.class, () -> reserve(gate, principal, 30));

        GatewayException e = refusal(thrown);
        assertTrue(e.getMessage().contains("your tenant's monthly token budget of 100 tokens"), e.getMessage());
        BudgetCounter key = BudgetCounter.ofKey("ten_gate", "key_gate", BudgetPeriod.DAILY, "2026-11-27");
        assertEquals(new CounterState(80, 0, 0, 0), ledger.read(key), "the key's 30 tokens were released: only the settled 80 remain");
    }

    @Test
    void theRefusalIsA429InsufficientQuotaNamingTheBudgetAndItsReset() {
        clock.advance(Duration.ofHours(10).plusMinutes(30)); // 22:30 UTC = 23:30 in Paris
        BudgetGate gate = gate(new InMemoryBudgetLedger(clock));
        Principal principal = principal(Budgets.NONE, new Budgets("daily", null, 1_000L, true), "Europe/Paris");
        BudgetHold spent = gate.reserveEmbeddings(principal, "text-embedding-3-small", () -> 40_000).join();
        assertEquals(800, spent.reservedStatus().costMicros(), "40,000 tokens at $0.02 per million");
        spent.settle(new Spend(40_000, 800)).join();

        GatewayException e = refusal(assertThrows(CompletionException.class,
                () -> gate.reserveEmbeddings(principal, "text-embedding-3-small", () -> 20_000).join()));

        assertEquals(ErrorType.INSUFFICIENT_QUOTA, e.type());
        assertEquals(429, e.status());
        assertEquals("insufficient_quota", e.type().openAiType());
        assertEquals("insufficient_quota", e.code());
        assertEquals("You exceeded this API key's (key_gate) daily cost budget of $0.001000: $0.000800 spent or reserved this period, "
                + "and this request may use up to $0.000400 (its prompt plus max output tokens). "
                + "The budget resets at 2026-11-27T23:00:00Z (daily periods in time zone Europe/Paris).", e.getMessage());
    }

    @Test
    void aRequestLargerThanTheWholeBudgetIsToldSo() {
        BudgetGate gate = gate(new InMemoryBudgetLedger(clock));
        Principal principal = principal(new Budgets("weekly", 500L, null, true), Budgets.NONE, "UTC");
        GatewayException e = refusal(assertThrows(CompletionException.class, () -> reserve(gate, principal, 501)));
        assertTrue(e.getMessage().startsWith("This request may use up to 501 tokens (its prompt plus max output tokens), more than "
                + "your tenant's weekly token budget of 500 tokens allows in a whole period."), e.getMessage());
        assertTrue(e.getMessage().contains("resets at 2026-11-30T00:00:00Z"), e.getMessage());
    }

    @Test
    void aHoldIsClosedExactlyOnceAndACacheHitCountsNothing() {
        InMemoryBudgetLedger ledger = new InMemoryBudgetLedger(clock);
        BudgetGate gate = gate(ledger);
        Principal principal = principal(new Budgets("monthly", 1_000L, null, true), Budgets.NONE, "UTC");
        BudgetCounter tenant = BudgetCounter.ofTenant("ten_gate", BudgetPeriod.MONTHLY, "2026-11");

        BudgetHold settled = reserve(gate, principal, 100);
        settled.settle(new Spend(60, 0)).join();
        settled.settle(new Spend(60, 0)).join();
        settled.release().join();
        assertEquals(new CounterState(60, 0, 0, 0), ledger.read(tenant));

        BudgetHold hit = reserve(gate, principal, 100);
        assertEquals(new CounterState(160, 0, 100, 0), ledger.read(tenant));
        BudgetStatus status = hit.settle(Spend.ZERO).join();
        assertEquals(new CounterState(60, 0, 0, 0), ledger.read(tenant));
        assertEquals("0.000000", status.costHeader());
        assertEquals("tokens=940;scope=tenant;period=monthly;resets=2026-12-01T00:00:00Z", status.remainingHeader());

        BudgetHold failed = reserve(gate, principal, 100);
        failed.releasingOnFailure(java.util.concurrent.CompletableFuture.failedFuture(new IllegalStateException("provider down")))
                .exceptionally(failure -> null).join();
        assertEquals(new CounterState(60, 0, 0, 0), ledger.read(tenant), "a failed call gives its reservation back");
    }

    @Test
    void theTightestBudgetIsReportedByTheShareLeft() {
        InMemoryBudgetLedger ledger = new InMemoryBudgetLedger(clock);
        BudgetGate gate = gate(ledger);
        // key: 900 of 1,000 tokens left (90%); tenant: 50 of 100 micro-dollars left (50%).
        Principal principal = principal(new Budgets("monthly", null, 100L, true), new Budgets("daily", 1_000L, null, true), "UTC");
        BudgetStatus status = gate.reserveEmbeddings(principal, "text-embedding-3-small", () -> 100).join()
                .settle(new Spend(100, 50)).join();
        assertEquals("cost=0.000050;scope=tenant;period=monthly;resets=2026-12-01T00:00:00Z", status.remainingHeader());
    }

    @Test
    void aDailyBudgetRestartsAtLocalMidnightAcrossADaylightSavingChange() {
        // New York leaves summer time on 2026-11-01: that day lasts 25 hours (04:00Z to 05:00Z the next day).
        MutableClock ny = new MutableClock(Instant.parse("2026-11-01T03:30:00Z")); // 23:30 EDT, October 31
        InMemoryBudgetLedger ledger = new InMemoryBudgetLedger(ny);
        BudgetGate gate = new BudgetGate(ledger, new BudgetAlerts(ledger, events::add, ny, 80), TOKENS, PRICES, ny, 4096);
        Principal principal = principal(new Budgets("daily", 100L, null, true), Budgets.NONE, "America/New_York");

        reserve(gate, principal, 100).settle(new Spend(100, 0)).join();
        GatewayException october = refusal(assertThrows(CompletionException.class, () -> reserve(gate, principal, 1)));
        assertTrue(october.getMessage().contains("resets at 2026-11-01T04:00:00Z"), october.getMessage());

        ny.advance(Duration.ofHours(1)); // 00:30 EDT, November 1: a new day
        BudgetHold first = reserve(gate, principal, 100);
        assertEquals("tokens=0;scope=tenant;period=daily;resets=2026-11-02T05:00:00Z", first.reservedStatus().remainingHeader(),
                "November 1 ends 25 hours after it began");
        first.settle(new Spend(100, 0)).join();

        ny.advance(Duration.ofHours(24)); // 04:30Z November 2 = 23:30 EST, still November 1
        assertThrows(CompletionException.class, () -> reserve(gate, principal, 1));
        ny.advance(Duration.ofMinutes(30)); // 05:00Z = midnight EST, November 2
        assertTrue(reserve(gate, principal, 100).budgeted());
        assertEquals(new CounterState(100, 0, 0, 0),
                ledger.read(BudgetCounter.ofTenant("ten_gate", BudgetPeriod.DAILY, "2026-11-01")));
        assertEquals(new CounterState(100, 0, 100, 0),
                ledger.read(BudgetCounter.ofTenant("ten_gate", BudgetPeriod.DAILY, "2026-11-02")));
    }

    @Test
    void aSoftBudgetAdmitsBeyondItsCapAndReportsItOnce() {
        InMemoryBudgetLedger ledger = new InMemoryBudgetLedger(clock);
        BudgetGate gate = gate(ledger);
        Principal principal = principal(new Budgets("monthly", 100L, null, false), Budgets.NONE, "UTC");
        for (int i = 0; i < 5; i++) {
            reserve(gate, principal, 40).settle(new Spend(40, 0)).join();
        }
        assertEquals(new CounterState(200, 0, 0, 0), ledger.read(BudgetCounter.ofTenant("ten_gate", BudgetPeriod.MONTHLY, "2026-11")));
        List<String> types = events.stream().map(GatewayEvent::type).toList();
        assertEquals(List.of(BudgetEvents.WARNING, BudgetEvents.EXCEEDED), types, "80 crossed the warning line, 120 the cap");
        GatewayEvent exceeded = events.get(1);
        assertEquals("ten_gate", exceeded.tenantId());
        assertEquals("tenant", exceeded.data().get("scope"));
        assertEquals(false, exceeded.data().get("hard_cap"));
        assertEquals("2026-11", exceeded.data().get("period_key"));
        assertNull(exceeded.data().get("key_id"));
    }

    /**
     * Two gateway instances (each its own gate, alerts and memory of claims) on one DynamoDB
     * table, 100 requests at once: the warning is published once, and so is the refusal.
     */
    @Test
    void theWarningAndTheExceededEventArePublishedOnceAcrossInstancesUnderConcurrency() throws Exception {
        String table = LocalDynamoDb.newTable("budget-events");
        BudgetGate a = gate(new DynamoDbBudgetLedger(LocalDynamoDb.client(), table, clock));
        BudgetGate b = gate(new DynamoDbBudgetLedger(LocalDynamoDb.client(), table, clock));
        Principal principal = principal(new Budgets("monthly", 90L, null, true), Budgets.NONE, "UTC");
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> calls = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(24)) {
            for (int i = 0; i < 100; i++) {
                BudgetGate gate = i % 2 == 0 ? a : b;
                calls.add(pool.submit(() -> {
                    start.await();
                    try {
                        reserve(gate, principal, 1).settle(new Spend(1, 0)).join();
                        return true;
                    } catch (CompletionException refused) {
                        assertEquals(ErrorType.INSUFFICIENT_QUOTA, refusal(refused).type());
                        return false;
                    }
                }));
            }
            start.countDown();
            int admitted = 0;
            for (Future<Boolean> call : calls) {
                admitted += call.get() ? 1 : 0;
            }
            assertEquals(90, admitted);
        }
        assertEquals(1, events.stream().filter(e -> e.type().equals(BudgetEvents.WARNING)).count(), events.toString());
        assertEquals(1, events.stream().filter(e -> e.type().equals(BudgetEvents.EXCEEDED)).count(), events.toString());
        GatewayEvent warning = events.stream().filter(e -> e.type().equals(BudgetEvents.WARNING)).findFirst().orElseThrow();
        assertEquals(72L, warning.data().get("spent"), "the settlement that reached 80% of 90 (72 tokens) published it");
        assertEquals(80, warning.data().get("threshold_percent"));
    }
}
