package io.llmux.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmux.testing.MutableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** What every {@link BudgetLedger} must do; each adapter's test runs these against a fresh ledger. */
abstract class BudgetLedgerContract {

    protected final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T12:00:00Z"));
    private static final long TTL = Instant.parse("2027-02-01T00:00:00Z").getEpochSecond();

    protected abstract BudgetLedger newLedger();

    private final BudgetCounter tenantNovember = BudgetCounter.ofTenant("ten_contract", BudgetPeriod.MONTHLY, "2026-11");

    @Test
    void aReservationThatFitsIsCountedAndOneThatDoesNotChangesNothing() {
        BudgetLedger ledger = newLedger();
        BudgetCaps caps = new BudgetCaps(100L, 1_000L);

        Optional<CounterState> first = ledger.reserve(tenantNovember, new Spend(60, 500), caps, TTL);
        assertEquals(Optional.of(new CounterState(60, 500, 60, 500)), first, "a new period's counter starts at zero");
        assertTrue(ledger.reserve(tenantNovember, new Spend(41, 1), caps, TTL).isEmpty(), "61 + 41 tokens > 100");
        assertTrue(ledger.reserve(tenantNovember, new Spend(1, 501), caps, TTL).isEmpty(), "500 + 501 micros > 1000");
        assertEquals(new CounterState(60, 500, 60, 500), ledger.read(tenantNovember), "refusals add nothing");
        assertEquals(Optional.of(new CounterState(100, 1_000, 100, 1_000)), ledger.reserve(tenantNovember, new Spend(40, 500), caps, TTL),
                "exactly at the caps fits");
    }

    @Test
    void anAmountAboveTheCapIsRefusedEvenOnAnEmptyCounter() {
        BudgetLedger ledger = newLedger();
        assertTrue(ledger.reserve(tenantNovember, new Spend(101, 0), new BudgetCaps(100L, null), TTL).isEmpty());
        assertTrue(ledger.reserve(tenantNovember, new Spend(0, 1_001), new BudgetCaps(null, 1_000L), TTL).isEmpty());
        assertEquals(CounterState.EMPTY, ledger.read(tenantNovember));
    }

    @Test
    void withoutCapsAReservationIsAlwaysCounted() {
        BudgetLedger ledger = newLedger();
        ledger.reserve(tenantNovember, new Spend(1_000, 9), BudgetCaps.NONE, TTL);
        assertEquals(new CounterState(2_000, 18, 2_000, 18), ledger.reserve(tenantNovember, new Spend(1_000, 9), BudgetCaps.NONE, TTL).orElseThrow());
    }

    @Test
    void settlingMovesTheReservationToSpendAndReleasingRemovesIt() {
        BudgetLedger ledger = newLedger();
        Spend reserved = new Spend(50, 700);
        ledger.reserve(tenantNovember, reserved, BudgetCaps.NONE, TTL);
        ledger.reserve(tenantNovember, reserved, BudgetCaps.NONE, TTL);

        Spend actual = new Spend(20, 300);
        CounterState settled = ledger.adjust(tenantNovember, actual.minus(reserved), reserved.negated(), TTL);
        assertEquals(new CounterState(70, 1_000, 50, 700), settled, "20 spent + 50 still reserved");
        assertEquals(20, settled.spentTokens());
        assertEquals(300, settled.spentMicros());

        CounterState released = ledger.adjust(tenantNovember, reserved.negated(), reserved.negated(), TTL);
        assertEquals(new CounterState(20, 300, 0, 0), released, "only the settled spend is left");
    }

    @Test
    void periodsAndScopesAreSeparateCounters() {
        BudgetLedger ledger = newLedger();
        BudgetCounter december = BudgetCounter.ofTenant("ten_contract", BudgetPeriod.MONTHLY, "2026-12");
        BudgetCounter key = BudgetCounter.ofKey("ten_contract", "key_1", BudgetPeriod.MONTHLY, "2026-11");
        BudgetCounter otherTenant = BudgetCounter.ofTenant("ten_other", BudgetPeriod.MONTHLY, "2026-11");
        BudgetCaps caps = new BudgetCaps(10L, null);
        ledger.reserve(tenantNovember, new Spend(10, 0), caps, TTL);

        assertTrue(ledger.reserve(tenantNovember, new Spend(1, 0), caps, TTL).isEmpty());
        assertTrue(ledger.reserve(december, new Spend(10, 0), caps, TTL).isPresent(), "a new period starts at zero");
        assertTrue(ledger.reserve(key, new Spend(10, 0), caps, TTL).isPresent());
        assertTrue(ledger.reserve(otherTenant, new Spend(10, 0), caps, TTL).isPresent());
    }

    @Test
    void aHundredConcurrentReservationsAdmitExactlyTheNThatFitAndSettleToTheMicroDollar() throws Exception {
        BudgetLedger ledger = newLedger();
        Spend each = new Spend(1_234, 5_678);
        int fit = 37;
        BudgetCaps caps = new BudgetCaps(each.tokens() * fit, each.micros() * fit + each.micros() - 1);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Optional<CounterState>>> calls = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(32)) {
            for (int i = 0; i < 100; i++) {
                calls.add(pool.submit(() -> {
                    start.await();
                    return ledger.reserve(tenantNovember, each, caps, TTL);
                }));
            }
            start.countDown();
            int admitted = 0;
            for (Future<Optional<CounterState>> call : calls) {
                admitted += call.get().isPresent() ? 1 : 0;
            }
            assertEquals(fit, admitted);
            assertEquals(new CounterState(each.tokens() * fit, each.micros() * fit, each.tokens() * fit, each.micros() * fit),
                    ledger.read(tenantNovember));

            List<Future<Spend>> settlements = new ArrayList<>();
            for (int i = 0; i < fit; i++) {
                settlements.add(pool.submit(() -> {
                    Spend actual = new Spend(ThreadLocalRandom.current().nextLong(each.tokens() + 1),
                            ThreadLocalRandom.current().nextLong(each.micros() + 1));
                    ledger.adjust(tenantNovember, actual.minus(each), each.negated(), TTL);
                    return actual;
                }));
            }
            long tokens = 0;
            long micros = 0;
            for (Future<Spend> settlement : settlements) {
                tokens += settlement.get().tokens();
                micros += settlement.get().micros();
            }
            assertEquals(new CounterState(tokens, micros, 0, 0), ledger.read(tenantNovember),
                    "the counter holds exactly the settled usage, nothing reserved");
        }
    }

    @Test
    void aClaimIsWonOnceUnderConcurrencyAndCanBeClearedForTheQuotaReset() throws Exception {
        BudgetLedger ledger = newLedger();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> claims = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < 40; i++) {
                claims.add(pool.submit(() -> {
                    start.await();
                    return ledger.claim(BudgetKeys.WARNING, tenantNovember, TTL);
                }));
            }
            start.countDown();
            int won = 0;
            for (Future<Boolean> claim : claims) {
                won += claim.get() ? 1 : 0;
            }
            assertEquals(1, won);
        }
        assertTrue(ledger.claim(BudgetKeys.EXCEEDED, tenantNovember, TTL), "each kind has its own claim");
        assertTrue(ledger.claim(BudgetKeys.WARNING, BudgetCounter.ofTenant("ten_contract", BudgetPeriod.MONTHLY, "2026-12"), TTL),
                "and each period");
        ledger.clearClaim(BudgetKeys.WARNING, tenantNovember);
        assertTrue(ledger.claim(BudgetKeys.WARNING, tenantNovember, TTL));
        assertFalse(ledger.claim(BudgetKeys.WARNING, tenantNovember, TTL));
    }

    @Test
    void closingAPeriodClearsItsClaimsOfEveryKindAndScopeAndNoOthers() {
        BudgetLedger ledger = newLedger();
        BudgetCounter tenantDay = BudgetCounter.ofTenant("ten_close", BudgetPeriod.DAILY, "2026-11-18");
        BudgetCounter keyDay = BudgetCounter.ofKey("ten_close", "key_a", BudgetPeriod.DAILY, "2026-11-18");
        BudgetCounter nextDay = BudgetCounter.ofTenant("ten_close", BudgetPeriod.DAILY, "2026-11-19");
        BudgetCounter month = BudgetCounter.ofTenant("ten_close", BudgetPeriod.MONTHLY, "2026-11");
        BudgetCounter otherTenant = BudgetCounter.ofTenant("ten_else", BudgetPeriod.DAILY, "2026-11-18");
        assertTrue(ledger.claim(BudgetKeys.WARNING, tenantDay, TTL));
        assertTrue(ledger.claim(BudgetKeys.EXCEEDED, keyDay, TTL));
        assertTrue(ledger.claim(BudgetKeys.WARNING, nextDay, TTL));
        assertTrue(ledger.claim(BudgetKeys.WARNING, month, TTL));
        assertTrue(ledger.claim(BudgetKeys.WARNING, otherTenant, TTL));

        assertEquals(2, ledger.clearClaims("ten_close", BudgetPeriod.DAILY, "2026-11-18"));
        assertEquals(0, ledger.clearClaims("ten_close", BudgetPeriod.DAILY, "2026-11-18"), "idempotent");

        assertTrue(ledger.claim(BudgetKeys.WARNING, tenantDay, TTL), "cleared");
        assertTrue(ledger.claim(BudgetKeys.EXCEEDED, keyDay, TTL), "cleared");
        assertFalse(ledger.claim(BudgetKeys.WARNING, nextDay, TTL), "another day's claim stays");
        assertFalse(ledger.claim(BudgetKeys.WARNING, month, TTL), "another period kind's claim stays");
        assertFalse(ledger.claim(BudgetKeys.WARNING, otherTenant, TTL), "another tenant's claim stays");
    }
}
