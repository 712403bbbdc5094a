package io.llmux.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmux.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RateLimiter} adapter does, on a clock the test moves: the sliding window's
 * arithmetic at and across window boundaries, token weights, key and tenant scopes, in-flight
 * slots. Each test uses its own tenant, so adapters may share state between tests.
 */
abstract class RateLimiterContract {

    /** 10:00:00.000 UTC: the start of a window. */
    protected static final Instant WINDOW_START = Instant.parse("2030-01-01T10:00:00Z");
    private static final AtomicLong TENANTS = new AtomicLong();

    protected final MutableClock clock = new MutableClock(WINDOW_START);

    protected abstract RateLimiter limiter();

    protected static String newTenant() {
        return "ten_contract" + TENANTS.incrementAndGet() + "_" + System.nanoTime();
    }

    protected static RatePolicy keyRpm(long limit) {
        return new RatePolicy(LimitScope.KEY, LimitKind.REQUESTS, limit);
    }

    protected static RatePolicy tenantRpm(long limit) {
        return new RatePolicy(LimitScope.TENANT, LimitKind.REQUESTS, limit);
    }

    protected static RatePolicy keyTpm(long limit) {
        return new RatePolicy(LimitScope.KEY, LimitKind.TOKENS, limit);
    }

    protected Admission acquire(String tenant, String key, List<RatePolicy> rates, RatePolicy inFlight, long tokens) {
        return limiter().acquire(new RateLimitRequest(tenant, key, rates, inFlight, tokens)).join();
    }

    @Test
    void admitsExactlyTheLimitWithinAWindowAndReportsWhatIsLeft() {
        String tenant = newTenant();
        for (int i = 1; i <= 5; i++) {
            Admission admission = acquire(tenant, "key_a", List.of(keyRpm(5)), null, 0);
            assertTrue(admission.decision().allowed(), "request " + i);
            assertEquals(5 - i, admission.decision().states().getFirst().remaining());
        }
        clock.advance(Duration.ofSeconds(20));
        Admission refused = acquire(tenant, "key_a", List.of(keyRpm(5)), null, 0);
        assertFalse(refused.decision().allowed());
        assertEquals(keyRpm(5), refused.decision().exceeded());
        assertEquals(0, refused.decision().states().getFirst().remaining());
        // Five in the current window, none before: only the next window frees quota, and there the
        // five decay over the window; one fits once 5 * (1 - e) + 1 <= 5, at e = 0.2 (12 s in).
        assertEquals(Duration.ofSeconds(40 + 12), refused.decision().retryAfter());
        assertEquals(52_000, refused.decision().states().getFirst().resetMillis(), "t matches Retry-After");
    }

    @Test
    void thePreviousWindowCountsByTheShareOfItTheLastMinuteStillCovers() {
        String tenant = newTenant();
        for (int i = 0; i < 10; i++) {
            assertTrue(acquire(tenant, "key_a", List.of(keyRpm(10)), null, 0).decision().allowed());
        }
        // 15 s into the next window, 75% of the previous one is still "the last minute": 7.5 used.
        clock.advance(Duration.ofSeconds(75));
        Admission first = acquire(tenant, "key_a", List.of(keyRpm(10)), null, 0);
        assertTrue(first.decision().allowed());
        assertEquals(1, first.decision().states().getFirst().remaining(), "10 - ceil(7.5 + 1)");
        Admission second = acquire(tenant, "key_a", List.of(keyRpm(10)), null, 0);
        assertTrue(second.decision().allowed(), "7.5 + 2 <= 10");
        Admission third = acquire(tenant, "key_a", List.of(keyRpm(10)), null, 0);
        assertFalse(third.decision().allowed(), "7.5 + 3 > 10");
        // 10 * (45 - t) / 60 + 2 + 1 <= 10  =>  t >= 3 s
        assertEquals(Duration.ofSeconds(3), third.decision().retryAfter());
        clock.advance(Duration.ofSeconds(3));
        assertTrue(acquire(tenant, "key_a", List.of(keyRpm(10)), null, 0).decision().allowed());
    }

    @Test
    void windowsTwoMinutesOldAreForgotten() {
        String tenant = newTenant();
        for (int i = 0; i < 3; i++) {
            acquire(tenant, "key_a", List.of(keyRpm(3)), null, 0);
        }
        assertFalse(acquire(tenant, "key_a", List.of(keyRpm(3)), null, 0).decision().allowed());
        clock.advance(Duration.ofMinutes(2));
        Admission admission = acquire(tenant, "key_a", List.of(keyRpm(3)), null, 0);
        assertTrue(admission.decision().allowed());
        assertEquals(2, admission.decision().states().getFirst().remaining());
    }

    @Test
    void tokenLimitsAreWeightedByTheRequestsEstimate() {
        String tenant = newTenant();
        assertTrue(acquire(tenant, "key_a", List.of(keyTpm(1000)), null, 600).decision().allowed());
        Admission second = acquire(tenant, "key_a", List.of(keyTpm(1000)), null, 500);
        assertFalse(second.decision().allowed(), "600 + 500 > 1000");
        assertEquals(400, second.decision().states().getFirst().remaining());
        Admission small = acquire(tenant, "key_a", List.of(keyTpm(1000)), null, 400);
        assertTrue(small.decision().allowed(), "600 + 400 <= 1000");
        assertEquals(0, small.decision().states().getFirst().remaining());
    }

    @Test
    void aRefusedRequestCountsAgainstNoPolicy() {
        String tenant = newTenant();
        List<RatePolicy> rates = List.of(keyRpm(100), keyTpm(1000));
        assertTrue(acquire(tenant, "key_a", rates, null, 900).decision().allowed());
        Admission refused = acquire(tenant, "key_a", rates, null, 200);
        assertFalse(refused.decision().allowed());
        assertEquals(keyTpm(1000), refused.decision().exceeded());
        assertEquals(99, refused.decision().states().get(0).remaining(), "the refused request took no request quota");
        Admission next = acquire(tenant, "key_a", rates, null, 100);
        assertTrue(next.decision().allowed());
        assertEquals(98, next.decision().states().get(0).remaining());
    }

    @Test
    void aTenantLimitCountsAllItsKeysTogetherAndAKeyLimitOneKey() {
        String tenant = newTenant();
        assertTrue(acquire(tenant, "key_a", List.of(keyRpm(2), tenantRpm(3)), null, 0).decision().allowed());
        assertTrue(acquire(tenant, "key_a", List.of(keyRpm(2), tenantRpm(3)), null, 0).decision().allowed());
        Admission keyFull = acquire(tenant, "key_a", List.of(keyRpm(2), tenantRpm(3)), null, 0);
        assertEquals(keyRpm(2), keyFull.decision().exceeded());
        assertTrue(acquire(tenant, "key_b", List.of(tenantRpm(3)), null, 0).decision().allowed());
        Admission tenantFull = acquire(tenant, "key_c", List.of(tenantRpm(3)), null, 0);
        assertEquals(tenantRpm(3), tenantFull.decision().exceeded());
        assertTrue(acquire(newTenant(), "key_a", List.of(tenantRpm(3)), null, 0).decision().allowed(), "another tenant has its own count");
    }

    @Test
    void inFlightSlotsAreHeldUntilReleasedAndReleasedOnce() {
        String tenant = newTenant();
        RatePolicy two = new RatePolicy(LimitScope.KEY, LimitKind.IN_FLIGHT, 2);
        Admission a = acquire(tenant, "key_a", List.of(), two, 0);
        Admission b = acquire(tenant, "key_a", List.of(), two, 0);
        assertTrue(a.decision().allowed());
        assertTrue(b.decision().allowed());
        assertEquals(0, b.decision().states().getFirst().remaining());
        Admission c = acquire(tenant, "key_a", List.of(), two, 0);
        assertFalse(c.decision().allowed());
        assertEquals(two, c.decision().exceeded());
        assertTrue(acquire(tenant, "key_b", List.of(), two, 0).decision().allowed(), "per key");

        a.permit().release();
        a.permit().release();
        awaitAdmitted(tenant, two);
        assertFalse(acquire(tenant, "key_a", List.of(), two, 0).decision().allowed(),
                "a second release of one slot does not free another");
    }

    @Test
    void aRequestOverTheInFlightLimitTakesNoRateQuota() {
        String tenant = newTenant();
        RatePolicy one = new RatePolicy(LimitScope.KEY, LimitKind.IN_FLIGHT, 1);
        assertTrue(acquire(tenant, "key_a", List.of(keyRpm(10)), one, 0).decision().allowed());
        Admission refused = acquire(tenant, "key_a", List.of(keyRpm(10)), one, 0);
        assertEquals(one, refused.decision().exceeded());
        assertEquals(9, refused.decision().states().getFirst().remaining());
    }

    /** Releases may complete asynchronously (Redis): wait for the freed slot to be taken. */
    private void awaitAdmitted(String tenant, RatePolicy inFlight) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            if (acquire(tenant, "key_a", List.of(), inFlight, 0).decision().allowed()) {
                return;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("the released slot was never given back");
    }
}
