package io.llmux.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmux.chat.testing.GatewayServer;
import io.llmux.redis.RedisLink;
import io.llmux.telemetry.IdSalt;
import io.llmux.testing.FakeOpenAiServer;
import io.llmux.testing.RawHttp;
import io.llmux.testing.RedisTestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SnapStart's hooks as the Lambda Web Adapter calls them (an empty POST to each path, anything but
 * 2xx failing the phase), on a running gateway with Redis and a (fake) provider; and off unless the
 * deployment turns them on.
 */
class SnapStartHttpHooksTest {

    private static final String BEFORE = "/_llmux/snapstart/before-checkpoint";
    private static final String AFTER = "/_llmux/snapstart/after-restore";
    private static final String CHAT = """
            {"model":"openai/gpt-4o-mini","messages":[{"role":"user","content":"still there?"}]}""";

    private static FakeOpenAiServer upstream;
    private static GatewayServer gateway;

    @BeforeAll
    static void start() {
        upstream = FakeOpenAiServer.start();
        gateway = GatewayServer.start(Map.of(
                "llmux.snapstart.http-hooks", "true",
                "llmux.providers.openai.api-key", "sk-upstream-test",
                "llmux.providers.openai.base-url", upstream.baseUrl(),
                "llmux.redis.url", RedisTestServer.shared().url()));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        upstream.close();
    }

    /** The adapter posts with no body, no content type and no credentials. */
    private static RawHttp adapter() {
        return new RawHttp(gateway.uri());
    }

    @Test
    void beforeCheckpointPrimesWithoutCallingAProviderAndLeavesNoRedisConnection() {
        RedisLink redis = gateway.context().getBean(RedisLink.class);
        assertNotNull(redis.commands(), "Redis is connected before the snapshot");
        upstream.reset();
        int connections = upstream.connectionsAccepted();
        RawHttp.Response response = adapter().send("POST", BEFORE, null, new byte[0]);
        assertEquals(204, response.status(), response::toString);
        assertEquals(connections, upstream.connectionsAccepted(), "priming opened a provider connection");
        assertTrue(upstream.requests().isEmpty(), "priming sent a provider request");
        assertNull(redis.commands(), "the snapshot would keep a live Redis connection");

        RawHttp.Response restored = adapter().send("POST", AFTER, null, new byte[0]);
        assertEquals(204, restored.status(), restored::toString);
        assertNotNull(redis.commands(), "no Redis connection after the restore");
        RawHttp.Response chat = gateway.http().post("/v1/chat/completions", CHAT);
        assertEquals(200, chat.status(), chat::toString);
    }

    @Test
    void afterRestoreReseedsTheIdSource() {
        long snapshotted = IdSalt.current();
        RawHttp.Response response = adapter().send("POST", AFTER, null, new byte[0]);
        assertEquals(204, response.status(), response::toString);
        assertNotEquals(snapshotted, IdSalt.current(), "copies of one snapshot would hand out the same ids");
    }

    @Test
    void theHooksTakeOnlyPost() {
        assertEquals(405, adapter().send("GET", BEFORE, null, (byte[]) null).status());
    }

    @Test
    void withoutTheSettingThereAreNoHookRoutes() {
        try (GatewayServer plain = GatewayServer.start(Map.of())) {
            RawHttp.Response response = new RawHttp(plain.uri()).send("POST", BEFORE, null, new byte[0]);
            assertEquals(404, response.status(), response::toString);
        }
    }
}
