package io.llmux.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LocalRateLimiterTest extends RateLimiterContract {

    private final LocalRateLimiter limiter = new LocalRateLimiter(clock);

    @Override
    protected RateLimiter limiter() {
        return limiter;
    }

    @Test
    void concurrentRequestsAreAdmittedExactlyUpToTheLimit() throws Exception {
        String tenant = newTenant();
        AtomicInteger admitted = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                calls.add(pool.submit(() -> {
                    if (acquire(tenant, "key_a", List.of(keyRpm(37)), null, 0).decision().allowed()) {
                        admitted.incrementAndGet();
                    }
                }));
            }
            for (Future<?> call : calls) {
                call.get();
            }
        }
        assertEquals(37, admitted.get());
    }

    @Test
    void decisionsSayTheyAreThisInstancesOwn() {
        assertFalse(acquire(newTenant(), "key_a", List.of(keyRpm(1)), null, 0).decision().shared());
    }
}
