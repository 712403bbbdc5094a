package io.llmux.chat.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.chat.testing.FakeProviderGateway;
import io.llmux.chat.testing.GatewayServer;
import io.llmux.testing.FakeAzureOpenAiServer;
import io.llmux.testing.FakeReply;
import io.llmux.testing.OpenApiContract;
import io.llmux.testing.RawHttp;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What is Azure's own, beyond the conformance matrix: content filters, deployments, api-version, embeddings. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AzureOpenAiAdapterTest {

    private static final String KEY = "azureKey0123456789abcdef0123456789";
    private static FakeProviderGateway<FakeAzureOpenAiServer> running;
    private static FakeAzureOpenAiServer fake;
    private static GatewayServer gateway;

    @BeforeAll
    static void start() {
        fake = FakeAzureOpenAiServer.start();
        running = FakeProviderGateway.start(fake, Map.of("llmux.providers.azure.api-key", KEY,
                "llmux.providers.azure.endpoint", fake.endpoint(),
                "llmux.providers.azure.api-version", "2025-01-01-preview",
                "llmux.providers.azure.deployments", "gpt-4o=prod-4o,gpt-4.1=dep-41"));
        gateway = running.gateway();
    }

    @AfterAll
    static void stop() {
        if (running != null) {
            running.close();
        }
    }

    @BeforeEach
    void reset() {
        fake.reset();
    }

    private static RawHttp.Response chat(String model, boolean stream) {
        return running.chat(model, stream);
    }

    @Test
    void theConfiguredApiVersionAndDeploymentAreUsedAndDeployedModelsAreListed() {
        assertEquals(200, chat("azure/gpt-4.1", false).status());
        assertEquals("/openai/deployments/dep-41/chat/completions?api-version=2025-01-01-preview", fake.lastRequest().path());

        JsonNode models = gateway.http().get("/v1/models").json().path("data");
        boolean listed = false;
        for (JsonNode model : models) {
            listed |= model.path("id").asText().equals("gpt-4.1") && model.path("owned_by").asText().equals("azure");
        }
        assertTrue(listed, models.toString());
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void aPromptTheFilterRefusedIsA400WithCodeContentFilter(boolean stream) {
        fake.respondWith(new FakeReply.Failure(400, null, "content_filter", "The response was filtered due to the prompt "
                + "triggering Azure OpenAI's content management policy. Please modify your prompt and retry.", null));

        RawHttp.Response response = chat("azure/gpt-4o", stream);

        assertEquals(400, response.status(), response.body());
        OpenApiContract.assertValid("ErrorResponse", response.json());
        JsonNode error = response.json().path("error");
        assertEquals("content_filter", error.path("code").asText());
        assertEquals("invalid_request_error", error.path("type").asText());
        assertTrue(error.path("message").asText().contains("'azure'") && error.path("message").asText().contains("(hate)"),
                error.toString());
    }

    @Test
    void filteredOutputEndsWithContentFilterAndKeepsAzuresFilterResults() {
        fake.filterOutput(true);

        RawHttp.Response response = chat("azure/gpt-4o", false);

        assertEquals(200, response.status(), response.body());
        JsonNode body = response.json();
        OpenApiContract.assertValid("CreateChatCompletionResponse", body);
        assertEquals("content_filter", body.at("/choices/0/finish_reason").asText());
        assertTrue(body.at("/choices/0/content_filter_results/violence/filtered").asBoolean());
        assertFalse(body.at("/prompt_filter_results/0/content_filter_results/hate/filtered").asBoolean(true));
    }

    @Test
    void aFilteredStreamIsValidAndCarriesThePromptVerdictOnItsFirstChunk() {
        fake.filterOutput(true);

        RawHttp.Response response = chat("azure/gpt-4o", true);

        OpenApiContract.StreamEvents events = OpenApiContract.assertValidStream(response.body());
        assertTrue(events.done());
        JsonNode first = events.chunks().getFirst();
        assertEquals("chat.completion.chunk", first.path("object").asText());
        assertFalse(first.path("id").asText().isEmpty(), "Azure's empty-envelope chunk is not passed on as is");
        assertTrue(first.has("prompt_filter_results"), first.toString());
        String finish = null;
        for (JsonNode chunk : events.chunks()) {
            for (JsonNode choice : chunk.path("choices")) {
                finish = choice.hasNonNull("finish_reason") ? choice.path("finish_reason").asText() : finish;
            }
        }
        assertEquals("content_filter", finish);
    }

    @Test
    void aMissingDeploymentIsA404ThatNamesIt() {
        fake.respondWith(new FakeReply.Failure(404, null, "DeploymentNotFound", "The API deployment for this resource does not exist.", null));

        RawHttp.Response response = chat("azure/gpt-4o", false);

        assertEquals(404, response.status(), response.body());
        assertEquals("model_not_found", response.json().at("/error/code").asText());
        assertTrue(response.json().at("/error/message").asText().contains("'prod-4o'"), response.body());
    }

    @Test
    void aRefusedKeyIsA502ThatNeverShowsIt() {
        fake.respondWith(FakeReply.rejectKey());

        RawHttp.Response response = chat("azure/gpt-4o", false);

        assertEquals(502, response.status(), response.body());
        assertEquals("provider_auth_failed", response.json().at("/error/code").asText());
        assertFalse(response.body().contains(KEY));
    }

    @Test
    void embeddingsGoToTheModelsDeployment() {
        RawHttp.Response response = gateway.http().post("/v1/embeddings",
                "{\"model\":\"azure/text-embedding-3-small\",\"input\":[\"a\",\"b\"]}");

        assertEquals(200, response.status(), response.body());
        OpenApiContract.assertValid("CreateEmbeddingResponse", response.json());
        assertEquals(2, response.json().path("data").size());
        assertEquals("/openai/deployments/text-embedding-3-small/embeddings?api-version=2025-01-01-preview", fake.lastRequest().path());
        assertEquals(KEY, fake.lastRequest().header("api-key").orElse(null));
    }
}
