package io.llmux.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.llmux.testing.RedisTestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class RedisLinkTest {

    @Test
    void notConfiguredIsDisabledNotDegraded() throws Exception {
        RedisLink link = new RedisLink("", false, Duration.ofMillis(50), Duration.ofMillis(100));
        assertEquals("disabled", link.status());
        assertNull(link.commands());
        link.close();
    }

    @Test
    void degradesWhenRedisDiesAndRecoversWithoutARestart() throws Exception {
        try (RedisTestServer redis = RedisTestServer.start()) {
            RedisLink link = new RedisLink(redis.url(), false, Duration.ofSeconds(2), Duration.ofMillis(100));
            assertEquals("ok", link.status());
            link.commands().set("k", "v".getBytes(StandardCharsets.UTF_8)).get(1, TimeUnit.SECONDS);
            assertArrayEquals("v".getBytes(StandardCharsets.UTF_8), link.commands().get("k").get(1, TimeUnit.SECONDS));

            redis.kill();
            try {
                link.commands().get("k").get(1, TimeUnit.SECONDS);
            } catch (Exception expected) {
                link.reportFailure(expected);
            }
            assertEquals("degraded", link.status());
            assertNull(link.commands(), "callers fall back while Redis is down");

            redis.restart();
            awaitTrue(() -> "ok".equals(link.status()));
            assertNotNull(link.commands());
            link.commands().set("k2", new byte[] {1}).get(1, TimeUnit.SECONDS);
            link.close();
        }
    }

    @Test
    void startsDegradedWhenRedisIsDownAtStartAndConnectsWhenItComes() throws Exception {
        RedisTestServer redis = RedisTestServer.start();
        redis.kill();
        RedisLink link = new RedisLink(redis.url(), false, Duration.ofSeconds(2), Duration.ofMillis(100));
        assertEquals("degraded", link.status());
        redis.restart();
        awaitTrue(() -> "ok".equals(link.status()));
        link.close();
        redis.close();
    }

    @Test
    void reconnectOpensANewConnectionAsAfterASnapshotRestore() throws Exception {
        try (RedisTestServer redis = RedisTestServer.start()) {
            RedisLink link = new RedisLink(redis.url(), false, Duration.ofSeconds(2), Duration.ofMillis(100));
            long before = link.commands().clientId().get(1, TimeUnit.SECONDS);
            link.commands().set("survives", new byte[] {7}).get(1, TimeUnit.SECONDS);

            link.disconnect();
            assertNull(link.commands(), "no connection is kept in the snapshot");
            assertEquals("degraded", link.status());

            link.reconnect();
            assertEquals("ok", link.status());
            long after = link.commands().clientId().get(1, TimeUnit.SECONDS);
            assertNotEquals(before, after, "a restored copy must not reuse the snapshotted connection");
            assertArrayEquals(new byte[] {7}, link.commands().get("survives").get(1, TimeUnit.SECONDS));
            link.close();
        }
    }

    @Test
    void reconnectWhileRedisIsDownDegradesAndRecoversInTheBackground() throws Exception {
        try (RedisTestServer redis = RedisTestServer.start()) {
            RedisLink link = new RedisLink(redis.url(), false, Duration.ofSeconds(2), Duration.ofMillis(100));
            redis.kill();
            link.reconnect();
            assertEquals("degraded", link.status());
            redis.restart();
            awaitTrue(() -> "ok".equals(link.status()));
            link.commands().set("k", new byte[] {1}).get(1, TimeUnit.SECONDS);
            link.close();
        }
    }

    @Test
    void reconnectWithoutRedisConfiguredStaysDisabled() throws Exception {
        RedisLink link = new RedisLink("", false, Duration.ofMillis(50), Duration.ofMillis(100));
        link.disconnect();
        link.reconnect();
        assertEquals("disabled", link.status());
        link.close();
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not true within 15 s");
            }
            Thread.sleep(50);
        }
    }
}
