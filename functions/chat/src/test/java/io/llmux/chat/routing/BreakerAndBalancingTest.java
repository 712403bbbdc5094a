package io.llmux.chat.routing;

import static io.llmux.chat.routing.FakeDeployments.ALPHA;
import static io.llmux.chat.routing.FakeDeployments.BETA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.failsafe.CircuitBreaker;
import io.llmux.routing.DeploymentStates;
import io.llmux.testing.FakeReply;
import io.llmux.testing.RawHttp;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Circuit breakers open on a failure rate, let a probe through after their delay (half-open) and
 * close when it succeeds; least-busy spreads concurrent calls; weighted round-robin keeps to its
 * weights. Short breaker delays stand in for a clock: Failsafe's breaker reads System.nanoTime.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BreakerAndBalancingTest {

    private static final Duration OPEN_FOR = Duration.ofMillis(600);
    private static FakeDeployments fakes;

    @BeforeAll
    static void start() {
        RoutingSettings routing = new RoutingSettings()
                .resilience("max-retries", "0")
                .resilience("circuit-breaker.failure-rate", "50")
                .resilience("circuit-breaker.minimum-calls", "4")
                .resilience("circuit-breaker.window", "20s")
                .resilience("circuit-breaker.open-for", OPEN_FOR.toMillis() + "ms")
                .resilience("circuit-breaker.half-open-probes", "1");
        routing.group("guarded").strategy("quality")
                .member(ALPHA, "quality", "0.9")
                .member(BETA);
        routing.group("busy").strategy("least-busy")
                .member("alpha/busy-model")
                .member("beta/busy-model");
        routing.group("turns").strategy("weighted-round-robin")
                .member("alpha/turn-model", "weight", "3")
                .member("beta/turn-model");
        routing.group("lonely").member("gamma/lonely-model");
        fakes = new FakeDeployments(routing.properties());
    }

    @AfterAll
    static void stop() {
        fakes.close();
    }

    @BeforeEach
    void reset() {
        fakes.reset();
    }

    @Test
    void theBreakerOpensOnFailuresHalfOpensAfterItsDelayAndClosesOnASuccessfulProbe() throws Exception {
        CircuitBreaker<Object> breaker = fakes.gateway.context().getBean(DeploymentStates.class).of(ALPHA).breaker();
        fakes.alpha.respondWith(FakeReply.serverError());

        for (int i = 0; i < 4; i++) {
            RawHttp.Response response = fakes.chat("guarded", i % 2 == 0);
            assertEquals(BETA, response.header("x-llmux-deployment"), "failed over while the breaker counts");
            assertEquals("2", response.header("x-llmux-attempts"));
        }
        assertTrue(breaker.isOpen(), "4 failures of 4 calls open it");
        assertEquals(4, fakes.alpha.requests().size());

        RawHttp.Response whileOpen = fakes.chat("guarded", false);
        assertEquals(BETA, whileOpen.header("x-llmux-deployment"));
        assertEquals("1", whileOpen.header("x-llmux-attempts"), "an open breaker costs no call");
        assertEquals(4, fakes.alpha.requests().size(), "alpha was not called while open");

        fakes.alpha.respondWith(FakeReply.text("Recovered."));
        Thread.sleep(OPEN_FOR.toMillis() + 100);
        RawHttp.Response probe = fakes.chat("guarded", true);
        assertEquals(ALPHA, probe.header("x-llmux-deployment"), "the half-open breaker let a probe through");
        assertEquals(5, fakes.alpha.requests().size());
        assertTrue(breaker.isClosed(), "one successful probe closes it");
        assertEquals(ALPHA, fakes.chat("guarded", false).header("x-llmux-deployment"));
    }

    @Test
    void aFailedProbeOpensTheBreakerAgain() throws Exception {
        CircuitBreaker<Object> breaker = fakes.gateway.context().getBean(DeploymentStates.class).of("gamma/lonely-model").breaker();
        fakes.gamma.respondWith(FakeReply.serverError());
        for (int i = 0; i < 4; i++) {
            assertEquals(502, fakes.chat("lonely", false).status());
        }
        assertTrue(breaker.isOpen());

        RawHttp.Response refused = fakes.chat("lonely", false);
        assertEquals(503, refused.status(), refused.body());
        assertEquals("deployments_unavailable", refused.json().path("error").path("code").asText());
        assertNotNull(refused.header("Retry-After"));
        assertEquals(4, fakes.gamma.requests().size());

        Thread.sleep(OPEN_FOR.toMillis() + 100);
        assertEquals(502, fakes.chat("lonely", false).status(), "the probe failed");
        assertEquals(5, fakes.gamma.requests().size());
        assertTrue(breaker.isOpen(), "a failed probe opens it again");
        assertEquals(503, fakes.chat("lonely", true).status());
    }

    @Test
    void leastBusySpreadsConcurrentCallsOverTheDeployments() throws Exception {
        fakes.alpha.respondWith(new FakeReply.SlowFirstByte(Duration.ofMillis(400), FakeReply.text("slow alpha")));
        fakes.beta.respondWith(new FakeReply.SlowFirstByte(Duration.ofMillis(400), FakeReply.text("slow beta")));
        int calls = 10;
        List<Future<RawHttp.Response>> responses;
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            responses = IntStream.range(0, calls).mapToObj(i -> threads.submit(() -> {
                Thread.sleep(i * 20L);
                return fakes.chat("busy", false);
            })).toList();
        }
        int alpha = 0;
        for (Future<RawHttp.Response> response : responses) {
            RawHttp.Response r = response.get();
            assertEquals(200, r.status(), r.body());
            assertTrue(r.header("x-llmux-route").startsWith("strategy=least-busy; reason=fewest in flight"), r.header("x-llmux-route"));
            alpha += r.header("x-llmux-deployment").startsWith("alpha/") ? 1 : 0;
        }
        assertTrue(alpha >= 4 && alpha <= 6, "alpha served " + alpha + " of " + calls + "; least-busy should split them evenly");
        assertEquals(alpha, fakes.alpha.requests().size());
        assertEquals(calls - alpha, fakes.beta.requests().size());
    }

    @Test
    void weightedRoundRobinKeepsToTheWeights() {
        int alpha = 0;
        for (int i = 0; i < 8; i++) {
            RawHttp.Response response = fakes.chat("turns", i % 2 == 0);
            assertEquals(200, response.status());
            alpha += response.header("x-llmux-deployment").startsWith("alpha/") ? 1 : 0;
        }
        assertEquals(6, alpha, "weights 3:1 over 8 calls");
    }
}
