package io.llmux.provider.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmux.error.ErrorType;
import io.llmux.error.GatewayException;
import io.llmux.openai.ChatRequestParser;
import io.llmux.provider.ProviderCall;
import io.llmux.provider.ProviderSettings;
import io.llmux.provider.http.UpstreamHttp;
import io.llmux.provider.openai.OpenAiProvider;
import io.llmux.provider.openai.Quirks;
import io.llmux.routing.FailureKind;
import io.llmux.testing.FakeAzureOpenAiServer;
import io.llmux.testing.FakeReply;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The Azure adapter against its fake: the refusals routing acts on keep the codes it reads. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AzureOpenAiProviderTest {

    private FakeAzureOpenAiServer fake;
    private AzureOpenAiProvider provider;

    @BeforeAll
    void start() {
        fake = FakeAzureOpenAiServer.start();
        AzureDeployments deployments = new AzureDeployments(Map.of("gpt-4o", "prod-4o"));
        ProviderSettings settings = new ProviderSettings("azure", "azure-key", fake.endpoint(), deployments.models(), List.of(),
                Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5));
        OpenAiProvider openAi = new OpenAiProvider(settings, Quirks.NONE, UpstreamHttp.standalone(settings),
                new AzureEndpoints(fake.endpoint(), "azure-key", AzureOpenAiProviderFactory.DEFAULT_API_VERSION, deployments));
        provider = new AzureOpenAiProvider("azure", openAi, deployments);
    }

    @AfterAll
    void stop() {
        provider.close();
        fake.close();
    }

    @Test
    void aPromptBeyondTheContextWindowIsContextLengthExceededForRouting() {
        fake.respondWith(FakeReply.contextTooLong());
        for (boolean stream : new boolean[] {false, true}) {
            GatewayException e = failure(stream ? provider.stream(call(true)) : provider.complete(call(false)));
            assertEquals(ErrorType.INVALID_REQUEST, e.type());
            assertEquals("context_length_exceeded", e.code(), e.getMessage());
            assertEquals("messages", e.param());
            assertEquals(FailureKind.CONTEXT_LENGTH, FailureKind.of(e));
            assertTrue(e.getMessage().contains("'azure'"), e.getMessage());
        }
    }

    @Test
    void aFilteredPromptIsContentFilterForRouting() {
        fake.respondWith(new FakeReply.Failure(400, "invalid_request_error", "content_filter",
                "The response was filtered due to the prompt triggering Azure OpenAI's content management policy.", null));
        GatewayException e = failure(provider.complete(call(false)));
        assertEquals("content_filter", e.code());
        assertEquals(FailureKind.CONTENT_POLICY, FailureKind.of(e));
        assertTrue(e.getMessage().contains("hate"), "names the category that tripped: " + e.getMessage());
    }

    private static GatewayException failure(CompletableFuture<?> future) {
        ExecutionException thrown = assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS));
        Throwable cause = thrown.getCause() instanceof CompletionException c ? c.getCause() : thrown.getCause();
        return assertInstanceOf(GatewayException.class, cause, String.valueOf(cause));
    }

    private static ProviderCall call(boolean stream) {
        String body = "{\"model\":\"azure/gpt-4o\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
        return new ProviderCall(ChatRequestParser.parse(body.getBytes(StandardCharsets.UTF_8)), "gpt-4o");
    }
}
