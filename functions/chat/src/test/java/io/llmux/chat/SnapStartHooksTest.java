package io.llmux.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmux.chat.testing.GatewayServer;
import io.llmux.testing.RawHttp;
import io.llmux.redis.RedisLink;
import io.llmux.snapstart.CheckpointPriming;
import io.llmux.snapstart.SnapStartHooks;
import io.llmux.telemetry.IdSalt;
import io.llmux.testing.FakeOpenAiServer;
import io.llmux.testing.RedisTestServer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hooks SnapStart runs, on a running gateway with a (fake) upstream provider and Redis:
 * invoked in process as CRaC calls them, and over HTTP as the Lambda Web Adapter calls them (an
 * empty POST, anything but 2xx failing the phase). Priming reaches neither service, and after a
 * restore the gateway serves with new connections to both.
 */
class SnapStartHooksTest {

    private static final String MOCK_CHAT = """
            {"model":"mock-chat","messages":[{"role":"user","content":"still there?"}]}""";
    private static final String UPSTREAM_CHAT = """
            {"model":"openai/gpt-4o-mini","messages":[{"role":"user","content":"still there?"}]}""";

    /** The hook paths the CDK stack gives the Lambda Web Adapter. */
    private static final String BEFORE = "/_llmux/snapstart/before-checkpoint";
    private static final String AFTER = "/_llmux/snapstart/after-restore";

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

    private static SnapStartHooks hooks() {
        return gateway.context().getBean(SnapStartHooks.class);
    }

    @Test
    void primingCallsNoProviderAndTheGatewayServesAfterARestore() throws Exception {
        upstream.reset();
        int connectionsBefore = upstream.connectionsAccepted();
        hooks().beforeCheckpoint(null);
        assertEquals(connectionsBefore, upstream.connectionsAccepted(), "priming opened a provider connection");
        assertTrue(upstream.requests().isEmpty(), "priming sent a provider request");

        hooks().afterRestore(null);
        RawHttp.Response mock = gateway.http().post("/v1/chat/completions", MOCK_CHAT);
        assertEquals(200, mock.status(), mock::toString);
        assertTrue(mock.json().path("choices").path(0).path("message").path("content").asText().contains("still there?"), mock::toString);
        RawHttp.Response viaUpstream = gateway.http().post("/v1/chat/completions", UPSTREAM_CHAT);
        assertEquals(200, viaUpstream.status(), viaUpstream::toString);
    }

    @Test
    void aRestoreReseedsTheIdSource() {
        long snapshotted = IdSalt.current();
        hooks().afterRestore(null);
        assertNotEquals(snapshotted, IdSalt.current(), "copies of one snapshot would hand out the same ids");
    }

    @Test
    void everyPrimingRunsOnItsOwnWithoutFailing() throws Exception {
        var primings = gateway.context().getBeansOfType(CheckpointPriming.class);
        assertTrue(primings.stream().anyMatch(p -> p.name().equals("request path")), primings::toString);
        assertTrue(primings.stream().anyMatch(p -> p.name().equals("sse framing")), primings::toString);
        for (CheckpointPriming priming : primings) {
            priming.prime();
        }
    }

    @Test
    void theSnapshotHoldsNoRedisConnectionAndARestoreOpensANewOne() throws Exception {
        RedisLink redis = gateway.context().getBean(RedisLink.class);
        long before = redis.commands().clientId().get(1, TimeUnit.SECONDS);
        hooks().beforeCheckpoint(null);
        assertNull(redis.commands(), "the snapshot would keep a live Redis connection");
        hooks().afterRestore(null);
        assertNotNull(redis.commands(), "no Redis connection after the restore");
        long after = redis.commands().clientId().get(1, TimeUnit.SECONDS);
        assertTrue(after != before, "the restored copy reuses the snapshotted Redis connection");
    }

    @Test
    void aRestoreDropsPooledProviderConnections() {
        // Connections are pooled per event loop: once every loop has one, calls open no more.
        callUpstream(10);
        int pooled = upstream.connectionsAccepted();
        callUpstream(10);
        assertEquals(pooled, upstream.connectionsAccepted(), "calls reuse the pooled connections");

        hooks().afterRestore(null);
        callUpstream(1);
        assertTrue(upstream.connectionsAccepted() > pooled, "the call after a restore must open a new connection");
    }

    private static void callUpstream(int times) {
        for (int i = 0; i < times; i++) {
            RawHttp.Response response = gateway.http().post("/v1/chat/completions", UPSTREAM_CHAT);
            assertEquals(200, response.status(), response::toString);
        }
    }

    // ---- over HTTP, as the Lambda Web Adapter calls them ------------------------------------

    /** The adapter posts with no body, no content type and no credentials. */
    private static RawHttp adapter() {
        return new RawHttp(gateway.uri());
    }

    @Test
    void beforeCheckpointOverHttpPrimesWithoutCallingAProviderAndLeavesNoRedisConnection() {
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
        RawHttp.Response chat = gateway.http().post("/v1/chat/completions", UPSTREAM_CHAT);
        assertEquals(200, chat.status(), chat::toString);
    }

    @Test
    void afterRestoreOverHttpReseedsTheIdSource() {
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
