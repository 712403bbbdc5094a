package io.llmux.chat.routing;

import static io.llmux.chat.routing.FakeDeployments.ALPHA;
import static io.llmux.chat.routing.FakeDeployments.BETA;
import static io.llmux.chat.routing.FakeDeployments.GAMMA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.failsafe.CircuitBreaker;
import io.llmux.routing.DeploymentStates;
import io.llmux.routing.ResilienceSettings;
import io.llmux.testing.FakeReply;
import io.llmux.testing.OpenApiContract;
import io.llmux.testing.RawHttp;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Resilience settings per deployment, end to end: alpha's own (written in its group entries),
 * gamma's provider's, the gateway's for beta. And the breaker rule of the streaming failure
 * contract: a stream that breaks after its first chunk is not retried (the client has bytes) but
 * counts as a failure of its deployment, once; a stream that completes counts once as a success.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PerDeploymentResilienceTest {

    private static FakeDeployments fakes;

    @BeforeAll
    static void start() {
        RoutingSettings routing = new RoutingSettings()
                // the gateway's: no retry, and a breaker that would need 100 calls to open
                .resilience("max-retries", "0")
                .fastBackoff()
                .resilience("circuit-breaker.minimum-calls", "100")
                .resilience("circuit-breaker.failure-rate", "50")
                .resilience("circuit-breaker.open-for", "30s")
                // gamma's provider: one retry
                .provider("gamma", "resilience.max-retries", "1");
        // alpha's own, in the two groups that name it (alike, so no conflict): two retries, opens after 3 calls
        routing.group("guarded").strategy("quality")
                .member(ALPHA, "quality", "0.9", "max-retries", "2", "circuit-breaker.minimum-calls", "3")
                .member(BETA);
        routing.group("again").member(ALPHA, "circuit-breaker.minimum-calls", "3");
        routing.group("lone-gamma").member(GAMMA);
        fakes = new FakeDeployments(routing.properties());
    }

    @AfterAll
    static void stop() {
        fakes.close();
    }

    @BeforeEach
    void reset() {
        fakes.reset();
        breaker(ALPHA).close();
        breaker(BETA).close();
        breaker(GAMMA).close();
    }

    private static DeploymentStates states() {
        return fakes.gateway.context().getBean(DeploymentStates.class);
    }

    private static CircuitBreaker<Object> breaker(String deployment) {
        return states().of(deployment).breaker();
    }

    @Test
    void eachDeploymentGetsItsOwnThenItsProvidersThenTheGatewaysSettings() {
        ResilienceSettings alpha = states().of(ALPHA).settings();
        assertEquals(2, alpha.maxRetries());
        assertEquals(3, alpha.minimumCalls());
        assertEquals(1, states().of(GAMMA).settings().maxRetries(), "gamma's provider: one retry");
        assertEquals(100, states().of(GAMMA).settings().minimumCalls(), "the gateway's, for what gamma's provider did not set");
        assertEquals(states().settings(), states().of(BETA).settings(), "beta: the gateway's");
        assertSame(states().of(ALPHA), states().of(ALPHA), "one state per deployment");
    }

    @Test
    void retriesFollowEachDeploymentsOwnSetting() {
        fakes.alpha.respondWith(FakeReply.serverError());
        fakes.beta.respondWith(FakeReply.serverError());
        fakes.gamma.respondWith(FakeReply.serverError());

        assertEquals(502, fakes.chat("guarded", false).status());
        assertEquals(3, fakes.alpha.requests().size(), "alpha: its own max-retries=2");
        assertEquals(1, fakes.beta.requests().size(), "beta: the gateway's max-retries=0");

        assertEquals(502, fakes.chat("lone-gamma", false).status());
        assertEquals(2, fakes.gamma.requests().size(), "gamma: its provider's max-retries=1");
    }

    static Stream<Arguments> breaksAfterTheFirstChunk() {
        return Stream.of(
                Arguments.of(FakeReply.midStreamError(2, "The model crashed")),
                Arguments.of(FakeReply.cutAfter(3)),
                Arguments.of(FakeReply.malformed()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("breaksAfterTheFirstChunk")
    void streamsBrokenAfterTheirFirstChunkOpenTheBreakerWithoutARetry(FakeReply fault) {
        fakes.alpha.respondWith(fault);

        for (int i = 0; i < 3; i++) {
            // Both groups name alpha: one breaker counts them all.
            RawHttp.Response response = fakes.chat(i % 2 == 0 ? "guarded" : "again", true);
            assertEquals(200, response.status(), response.body());
            assertEquals(ALPHA, response.header("x-llmux-deployment"));
            assertEquals("1", response.header("x-llmux-attempts"), "the client had bytes: never retried, whatever max-retries says");
            OpenApiContract.StreamEvents events = OpenApiContract.assertValidStream(response.body());
            assertNotNull(events.error(), response.body());
            assertFalse(events.done());
        }
        assertEquals(3, fakes.alpha.requests().size());
        assertEquals(0, fakes.beta.requests().size());
        assertTrue(breaker(ALPHA).isOpen(), "3 failed streams of 3 calls open alpha's breaker (its minimum-calls=3)");

        RawHttp.Response next = fakes.chat("guarded", true);
        assertEquals(BETA, next.header("x-llmux-deployment"), "the open breaker sends the group to beta");
        assertEquals("1", next.header("x-llmux-attempts"), "alpha was not called");
        assertTrue(OpenApiContract.assertValidStream(next.body()).done());
        RawHttp.Response alone = fakes.chat("again", true);
        assertEquals(503, alone.status(), alone.body());
        assertEquals("deployments_unavailable", alone.json().path("error").path("code").asText());
        assertEquals(3, fakes.alpha.requests().size());
    }

    @Test
    void aStreamThatCompletesCountsOnceAsASuccess() {
        fakes.alpha.respondWith(FakeReply.text("All is well."));
        for (int i = 0; i < 3; i++) {
            RawHttp.Response response = fakes.chat("guarded", true);
            assertEquals(ALPHA, response.header("x-llmux-deployment"));
            assertTrue(OpenApiContract.assertValidStream(response.body()).done());
        }
        CircuitBreaker<Object> alpha = breaker(ALPHA);
        assertTrue(alpha.isClosed());
        assertEquals(3, alpha.getExecutionCount(), "one record per stream, at its end");
        assertEquals(3, alpha.getSuccessCount());
    }

    @Test
    void entriesThatDisagreeOnOneDeploymentStopTheGatewayFromStarting() {
        RuntimeException failure = assertThrows(RuntimeException.class, () -> new FakeDeployments(Map.of(
                "llmux.routing.groups.one.deployments[0].model", ALPHA,
                "llmux.routing.groups.one.deployments[0].max-in-flight", "2",
                "llmux.routing.groups.two.deployments[0].model", ALPHA,
                "llmux.routing.groups.two.deployments[0].max-in-flight", "5")).close());
        String messages = messages(failure);
        assertTrue(messages.contains("llmux.routing.groups.one.deployments[0].max-in-flight=2"), messages);
        assertTrue(messages.contains("llmux.routing.groups.two.deployments[0].max-in-flight=5"), messages);
    }

    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
