package io.llmux.chat.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.testing.FakeAzureOpenAiServer;
import io.llmux.testing.FakeProviderServer;
import io.llmux.testing.RecordedRequest;
import java.util.Map;

/**
 * The conformance matrix against Azure OpenAI: OpenAI's formats at deployment URLs. The model
 * {@code azure/gpt-4o-mini} is mapped to the deployment {@code prod-mini}, so every upstream
 * request must go to that deployment's URL, with the api-version and the {@code api-key} header.
 */
class AzureOpenAiConformanceTest extends OpenAiFormatConformanceMatrix {

    static final String KEY = "0123456789abcdef0123456789abcdef";
    static final String API_VERSION = "2024-10-21";

    @Override
    protected FakeProviderServer startFake() {
        return FakeAzureOpenAiServer.start();
    }

    @Override
    protected Map<String, Object> providerProperties(FakeProviderServer fake) {
        return Map.of("llmux.providers.azure.api-key", KEY,
                "llmux.providers.azure.endpoint", ((FakeAzureOpenAiServer) fake).endpoint(),
                "llmux.providers.azure.deployments.gpt-4o-mini", "prod-mini",
                "llmux.providers.azure.first-byte-timeout", "2s",
                "llmux.providers.azure.idle-timeout", "2s");
    }

    @Override
    protected String model() {
        return "azure/gpt-4o-mini";
    }

    @Override
    protected String providerName() {
        return "azure";
    }

    @Override
    protected void assertPlainRequest(RecordedRequest upstream, String userText, boolean stream) {
        JsonNode body = upstream.json();
        assertEquals("/openai/deployments/prod-mini/chat/completions?api-version=" + API_VERSION, upstream.path());
        assertEquals(KEY, upstream.header("api-key").orElse(null));
        assertTrue(upstream.header("Authorization").isEmpty(), "Azure keys go in api-key, not Authorization");
        assertEquals(userText, body.at("/messages/0/content").asText());
        assertEquals(stream, body.path("stream").asBoolean(false));
        if (stream) {
            assertTrue(body.at("/stream_options/include_usage").asBoolean(), "usage is always asked for, for metering");
        }
    }
}
