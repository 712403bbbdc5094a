package io.llmux.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmux.error.GatewayException;
import io.llmux.redis.RedisLink;
import io.llmux.testing.RedisTestServer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class RateLimiterSelectorTest {

    private static final RateLimitRequest ONE_RPM_FIVE =
            new RateLimitRequest("ten_selector", "key_a", List.of(new RatePolicy(LimitScope.KEY, LimitKind.REQUESTS, 5)), null, 0);

    private static RateLimiterSelector selector(RedisLink link, String onFailure) {
        Clock clock = Clock.systemUTC();
        return new RateLimiterSelector(link, new RedisRateLimiter(link, clock, Duration.ofMinutes(1), Duration.ofMinutes(15)),
                new LocalRateLimiter(clock), onFailure);
    }

    @Test
    void withoutRedisConfiguredTheInProcessLimiterServes() {
        RedisLink none = new RedisLink("", false, Duration.ofMillis(25), Duration.ofSeconds(1));
        Admission admission = selector(none, "deny").acquire(ONE_RPM_FIVE).join();
        assertTrue(admission.decision().allowed());
        assertFalse(admission.decision().shared(), "deny applies to a Redis that fails, not to one that is not configured");
    }

    @Test
    void aRedisThatDiesDegradesTheLinkAndRequestsFallBackToMemoryUntilItIsBack() throws Exception {
        try (RedisTestServer redis = RedisTestServer.start()) {
            RedisLink link = new RedisLink(redis.url(), false, Duration.ofSeconds(2), Duration.ofMillis(100));
            RateLimiterSelector selector = selector(link, "local");
            assertTrue(selector.acquire(ONE_RPM_FIVE).join().decision().shared());

            redis.kill();
            Admission during = selector.acquire(ONE_RPM_FIVE).join();
            assertTrue(during.decision().allowed());
            assertFalse(during.decision().shared());
            assertEquals("degraded", link.status());
            assertFalse(selector.acquire(ONE_RPM_FIVE).join().decision().shared(), "no Redis call while degraded");

            redis.restart();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!"ok".equals(link.status()) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals("ok", link.status());
            assertTrue(selector.acquire(ONE_RPM_FIVE).join().decision().shared());
        }
    }

    @Test
    void denyModeRefusesWith503WhileRedisIsDown() {
        try (RedisTestServer redis = RedisTestServer.start()) {
            RedisLink link = new RedisLink(redis.url(), false, Duration.ofSeconds(2), Duration.ofMillis(100));
            RateLimiterSelector selector = selector(link, "deny");
            redis.kill();
            CompletionException failure = assertThrows(CompletionException.class, () -> selector.acquire(ONE_RPM_FIVE).join());
            GatewayException e = assertInstanceOf(GatewayException.class, failure.getCause());
            assertEquals(503, e.status());
            assertEquals("rate_limiter_unavailable", e.code());
            assertEquals("degraded", link.status());
            assertThrows(CompletionException.class, () -> selector.acquire(ONE_RPM_FIVE).join(), "still refused while degraded");
        }
    }

    @Test
    void anUnknownFailureModeIsAConfigurationError() {
        RedisLink none = new RedisLink("", false, Duration.ofMillis(25), Duration.ofSeconds(1));
        assertThrows(IllegalStateException.class, () -> selector(none, "open"));
    }
}
