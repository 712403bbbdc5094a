package io.llmux.provider.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.json.Json;
import io.llmux.openai.ChatRequest;
import io.llmux.openai.ChatRequestParser;
import io.llmux.provider.ProviderCall;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OpenAiRequestMapperTest {

    private static ChatRequest parse(String json) {
        return ChatRequestParser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode map(Quirks quirks, ChatRequest request, String upstreamModel) throws Exception {
        return Json.MAPPER.readTree(new OpenAiRequestMapper(quirks).chat(new ProviderCall(request, upstreamModel)));
    }

    @Test
    void passesUnknownFieldsThroughAndRewritesTheModel() throws Exception {
        ChatRequest request = parse("{\"model\":\"openai/gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"vendor_extension\":{\"nested\":[1,2,{\"x\":true}]},\"seed\":7,\"user\":\"u-1\"}");
        JsonNode sent = map(Quirks.NONE, request, "gpt-4o");
        assertEquals("gpt-4o", sent.get("model").asText());
        assertEquals(request.raw().get("vendor_extension"), sent.get("vendor_extension"));
        assertEquals(7, sent.get("seed").asInt());
        assertEquals("openai/gpt-4o", request.raw().get("model").asText(), "the client's body is never mutated");
    }

    @Test
    void alwaysAsksForStreamUsageAndKeepsOtherStreamOptions() throws Exception {
        ChatRequest request = parse("{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":false,\"include_obfuscation\":false},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        JsonNode sent = map(Quirks.NONE, request, "m");
        assertTrue(sent.at("/stream_options/include_usage").booleanValue());
        assertFalse(sent.at("/stream_options/include_obfuscation").booleanValue());
        assertFalse(request.includeUsage(), "what the client asked for is still known");
    }

    @Test
    void appliesAServicesQuirks() throws Exception {
        ChatRequest request = parse("{\"model\":\"m\",\"stream\":true,\"max_completion_tokens\":50,\"seed\":3,\"user\":\"u\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        JsonNode sent = map(OpenAiCompatibleService.MISTRAL.quirks(), request, "mistral-small-latest");
        assertEquals(50, sent.get("max_tokens").asInt());
        assertFalse(sent.has("max_completion_tokens"));
        assertEquals(3, sent.get("random_seed").asInt());
        assertFalse(sent.has("seed"));
        assertFalse(sent.has("user"));
        assertFalse(sent.has("stream_options"), "Mistral rejects stream_options");
    }
}
