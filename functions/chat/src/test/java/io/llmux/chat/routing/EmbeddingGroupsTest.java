package io.llmux.chat.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmux.pipeline.UsageRecord;
import io.llmux.routing.DeploymentStates;
import io.llmux.testing.FakeReply;
import io.llmux.testing.OpenApiContract;
import io.llmux.testing.RawHttp;
import io.llmux.testing.RecordedRequest;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * /v1/embeddings with a group's name: routed over the group's embedding models (a chat member of
 * the same group is left out), with the resilience of chat: retries, the circuit breaker,
 * failover to the next deployment and to fallback groups; metered once, for the deployment that
 * answered; and the routing headers say how.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EmbeddingGroupsTest {

    private static final String EMBEDDING = "text-embedding-3-small";
    private static final String ALPHA_EMBED = "alpha/" + EMBEDDING;
    private static final String BETA_EMBED = "beta/" + EMBEDDING;
    private static final String GAMMA_EMBED = "gamma/" + EMBEDDING;
    private static FakeDeployments fakes;

    @BeforeAll
    static void start() {
        RoutingSettings routing = new RoutingSettings()
                .resilience("max-retries", "1")
                .fastBackoff()
                .resilience("circuit-breaker.failure-rate", "50")
                .resilience("circuit-breaker.minimum-calls", "4")
                .resilience("circuit-breaker.open-for", "30s")
                // beta lists the model as an embedding model; alpha's entry says so itself
                .provider("beta", "embedding-models", EMBEDDING);
        routing.group("mixed").strategy("quality")
                .member(FakeDeployments.ALPHA, "quality", "0.95")
                .member(ALPHA_EMBED, "kind", "embedding", "quality", "0.9")
                .member(BETA_EMBED, "quality", "0.5")
                .fallbacks("spare");
        routing.group("spare").member(GAMMA_EMBED, "kind", "embedding");
        routing.group("talk").member(FakeDeployments.GAMMA);
        fakes = new FakeDeployments(routing.properties());
    }

    @AfterAll
    static void stop() {
        fakes.close();
    }

    @BeforeEach
    void reset() {
        fakes.reset();
        DeploymentStates states = fakes.gateway.context().getBean(DeploymentStates.class);
        states.of(ALPHA_EMBED).breaker().close();
        states.of(BETA_EMBED).breaker().close();
    }

    private static RawHttp.Response embed(String model) {
        return fakes.http().post("/v1/embeddings", """
                {"model":"%s","input":["The quick brown fox.","Jumps over the lazy dog."]}""".formatted(model));
    }

    @Test
    void aGroupNameRoutesEmbeddingsToTheGroupsEmbeddingModels() {
        RawHttp.Response response = embed("mixed");

        assertEquals(200, response.status(), response.body());
        OpenApiContract.assertValid("CreateEmbeddingResponse", response.json());
        assertEquals(2, response.json().path("data").size());
        assertEquals(ALPHA_EMBED, response.header("x-llmux-deployment"), "the best embedding model, not the better chat model");
        assertEquals("1", response.header("x-llmux-attempts"));
        assertEquals("strategy=quality; reason=highest quality 0.90", response.header("x-llmux-route"));
        RecordedRequest sent = fakes.alpha.lastRequest();
        assertEquals("/v1/embeddings", sent.path());
        assertEquals(EMBEDDING, sent.json().path("model").asText());
        UsageRecord record = onlyRecord(response);
        assertEquals("alpha", record.provider());
        assertEquals(EMBEDDING, record.model());

        RawHttp.Response chat = fakes.chat("mixed", false);
        assertEquals(200, chat.status(), chat.body());
        assertEquals(FakeDeployments.ALPHA, chat.header("x-llmux-deployment"), "chat on the same group: its chat model");
        assertEquals("/v1/chat/completions", fakes.alpha.lastRequest().path());
    }

    @Test
    void aFailingEmbeddingModelIsRetriedThenFailedOverAndItsBreakerOpens() {
        fakes.alpha.respondWith(FakeReply.serverError());

        for (int i = 0; i < 2; i++) {
            RawHttp.Response response = embed("mixed");
            assertEquals(200, response.status(), response.body());
            assertEquals(BETA_EMBED, response.header("x-llmux-deployment"));
            assertEquals("3", response.header("x-llmux-attempts"), "alpha twice (one retry), then beta");
            assertTrue(response.header("x-llmux-route").endsWith("fallback-from=" + ALPHA_EMBED), response.header("x-llmux-route"));
            UsageRecord record = onlyRecord(response);
            assertEquals("beta", record.provider(), "metered once, for the deployment that answered");
        }
        assertEquals(4, fakes.alpha.requests().size());
        assertTrue(fakes.gateway.context().getBean(DeploymentStates.class).of(ALPHA_EMBED).breaker().isOpen(),
                "4 failures of 4 calls open alpha's embedding breaker");

        RawHttp.Response whileOpen = embed("mixed");
        assertEquals(BETA_EMBED, whileOpen.header("x-llmux-deployment"));
        assertEquals("1", whileOpen.header("x-llmux-attempts"), "an open breaker costs no call");
        assertEquals(4, fakes.alpha.requests().size());
        fakes.alpha.respondWith(FakeReply.text("Still here."));
        RawHttp.Response chat = fakes.chat("mixed", false);
        assertEquals(FakeDeployments.ALPHA, chat.header("x-llmux-deployment"), "alpha's chat model has a breaker of its own, still closed");
        assertEquals(BETA_EMBED, embed("mixed").header("x-llmux-deployment"), "while alpha's embedding breaker stays open");
    }

    @Test
    void whenTheGroupsEmbeddingModelsAllFailItsFallbackGroupAnswers() {
        fakes.alpha.respondWith(FakeReply.serverError());
        fakes.beta.respondWith(FakeReply.rateLimited(60));

        RawHttp.Response response = embed("mixed");

        assertEquals(200, response.status(), response.body());
        assertEquals(GAMMA_EMBED, response.header("x-llmux-deployment"));
        assertTrue(response.header("x-llmux-route").contains("group=spare"), response.header("x-llmux-route"));
        assertEquals(1, fakes.beta.requests().size(), "a Retry-After beyond the maximum moves on at once");
        assertEquals("gamma", onlyRecord(response).provider());
    }

    @Test
    void aClientErrorIsPassedOnWithoutRetryOrFailover() {
        fakes.alpha.respondWith(new FakeReply.Failure(400, "invalid_request_error", "invalid_value", "Invalid 'dimensions'.", null));

        RawHttp.Response response = embed("mixed");

        assertEquals(400, response.status(), response.body());
        assertTrue(response.json().path("error").path("message").asText().contains("dimensions"), response.body());
        assertEquals(1, fakes.alpha.requests().size());
        assertEquals(0, fakes.beta.requests().size());
        assertEquals(List.of(), fakes.meter().recordsOf(requestId(response)));
    }

    @Test
    void aGroupOfChatModelsIsA400ForEmbeddings() {
        RawHttp.Response response = embed("talk");

        assertEquals(400, response.status(), response.body());
        assertEquals("model_not_supported", response.json().path("error").path("code").asText());
        assertEquals("The model 'talk' is a group of chat models and cannot compute embeddings.",
                response.json().path("error").path("message").asText());
        assertEquals(0, fakes.gamma.requests().size());
    }

    private static UsageRecord onlyRecord(RawHttp.Response response) {
        List<UsageRecord> records = fakes.meter().recordsOf(requestId(response));
        assertEquals(1, records.size(), "usage records of the request: " + records);
        return records.getFirst();
    }

    private static String requestId(RawHttp.Response response) {
        return response.headers().firstValue("x-request-id").orElseThrow(() -> new AssertionError("no x-request-id"));
    }
}
