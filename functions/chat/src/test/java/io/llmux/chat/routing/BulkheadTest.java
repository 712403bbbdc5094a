package io.llmux.chat.routing;

import static io.llmux.chat.routing.FakeDeployments.ALPHA;
import static io.llmux.chat.routing.FakeDeployments.BETA;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.llmux.testing.FakeReply;
import io.llmux.testing.RawHttp;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bulkhead: a deployment at its in-flight limit is skipped for the next one of the group,
 * without a call, and takes calls again once its permit is back (a stream holds it to its end).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BulkheadTest {

    private static FakeDeployments fakes;

    @BeforeAll
    static void start() {
        RoutingSettings routing = new RoutingSettings()
                .resilience("max-retries", "0")
                .resilience("max-in-flight", "1");
        routing.group("narrow").strategy("quality")
                .member(ALPHA, "quality", "0.9")
                .member(BETA, "quality", "0.5");
        fakes = new FakeDeployments(routing.properties());
    }

    @AfterAll
    static void stop() {
        fakes.close();
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void aDeploymentAtItsLimitIsSkippedUntilItsCallEnds(boolean stream) throws Exception {
        fakes.reset();
        fakes.alpha.respondWith(FakeReply.slowFirstByte(Duration.ofMillis(700)));

        CompletableFuture<RawHttp.Response> first = CompletableFuture.supplyAsync(() -> fakes.chat("narrow", stream));
        awaitRequests(1);
        RawHttp.Response second = fakes.chat("narrow", stream);

        assertEquals(200, second.status(), second.body());
        assertEquals(BETA, second.header("x-llmux-deployment"), "alpha was full: its one permit is held by the first call");
        assertEquals(1, fakes.alpha.requests().size(), "the full deployment was not called");
        RawHttp.Response firstDone = first.get(10, TimeUnit.SECONDS);
        assertEquals(200, firstDone.status(), firstDone.body());
        assertEquals(ALPHA, firstDone.header("x-llmux-deployment"));

        fakes.alpha.respondWith(FakeReply.text("Free again."));
        RawHttp.Response third = fakes.chat("narrow", stream);
        assertEquals(ALPHA, third.header("x-llmux-deployment"), "the permit came back when the first call ended");
    }

    @Test
    void withoutALimitBothCallsGoToTheBestDeployment() {
        // The control: the same group with the quality strategy sends calls to alpha when it has room.
        fakes.reset();
        assertEquals(ALPHA, fakes.chat("narrow", false).header("x-llmux-deployment"));
        assertEquals(ALPHA, fakes.chat("narrow", false).header("x-llmux-deployment"));
    }

    private static void awaitRequests(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (fakes.alpha.requests().size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("alpha never received the first call");
            }
            Thread.sleep(10);
        }
    }
}
