package io.llmux.chat.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmux.chat.testing.GatewayServer;
import io.llmux.redis.RedisLink;
import io.llmux.testing.RedisTestServer;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Redis dies under a running gateway and comes back: every request is still answered (from this
 * instance's Caffeine cache meanwhile), /health says degraded, and once Redis answers again the
 * gateway stores in it again, without a restart.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ResponseCacheDegradationTest {

    private static String body() {
        return "{\"model\":\"mock-chat\",\"messages\":[{\"role\":\"user\",\"content\":\"" + UUID.randomUUID() + "\"}]}";
    }

    @Test
    void requestsAreServedWhileRedisIsDownAndRedisIsUsedAgainWhenItIsBack() throws Exception {
        try (RedisTestServer redis = RedisTestServer.start();
             GatewayServer gateway = GatewayServer.start(Map.of(
                     "llmux.redis.url", redis.url(),
                     "llmux.redis.timeout", "2s",
                     "llmux.redis.reconnect-interval", "100ms",
                     "llmux.cache.enabled", "true"))) {
            CacheClient client = new CacheClient(gateway.uri());
            RedisLink link = gateway.context().getBean(RedisLink.class);

            String before = body();
            assertEquals("miss", client.chat(GatewayServer.API_KEY, before).cache());
            assertEquals("hit", client.chat(GatewayServer.API_KEY, before).cache());
            assertEquals(1, cacheKeys(link), "stored in Redis");
            assertEquals("ok", client.health().json().path("status").asText());

            redis.kill();
            String during = body();
            CacheClient.Reply first = client.chat(GatewayServer.API_KEY, during);
            assertEquals(200, first.status(), first::toString);
            assertEquals("miss", first.cache());
            CacheClient.Reply health = client.health();
            assertEquals(200, health.status());
            assertEquals("degraded", health.json().path("status").asText(), health::toString);
            assertEquals("degraded", health.json().path("components").path("redis").asText());
            CacheClient.Reply second = client.chat(GatewayServer.API_KEY, during);
            assertEquals(200, second.status(), second::toString);
            assertEquals("hit", second.cache(), "this instance's memory answers while Redis is down");

            redis.restart();
            await(() -> "ok".equals(client.health().json().path("status").asText()));
            String after = body();
            assertEquals("miss", client.chat(GatewayServer.API_KEY, after).cache());
            assertEquals(1, cacheKeys(link), "a killed Redis lost its data; the new answer is stored in Redis again");
            assertEquals("hit", client.chat(GatewayServer.API_KEY, after).cache());
        }
    }

    private static int cacheKeys(RedisLink link) throws Exception {
        return link.commands().keys("llmux:cache:*").get(5, TimeUnit.SECONDS).size();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met within 20 s");
            Thread.sleep(50);
        }
    }
}
