package io.llmux.chat.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.testing.FakeBedrockServer;
import io.llmux.testing.FakeProviderServer;
import io.llmux.testing.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/**
 * The conformance matrix against the Bedrock adapter: the gateway calls the fake through the real
 * AWS SDK (SigV4 signing, JSON protocol, eventstream decoding with CRC checks), with static test
 * credentials and the endpoint override pointing at the fake.
 */
class BedrockConformanceTest extends ProviderConformanceMatrix {

    static final String ACCESS_KEY_ID = "AKIABEDROCKCONFORMANCE";
    private static final String MODEL_ID = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";

    private final List<String> propertiesSet = new ArrayList<>();

    @Override
    protected FakeProviderServer startFake() {
        return FakeBedrockServer.start();
    }

    @Override
    protected Map<String, Object> providerProperties(FakeProviderServer fake) {
        // The SDK's default credential chain reads these system properties first; they are the
        // test's own, and removed again after it.
        setIfAbsent("aws.accessKeyId", ACCESS_KEY_ID);
        setIfAbsent("aws.secretAccessKey", "bedrock-conformance-secret");
        return Map.of("llmux.providers.bedrock.enabled", "true",
                "llmux.providers.bedrock.region", "us-east-1",
                "llmux.providers.bedrock.endpoint", ((FakeBedrockServer) fake).endpoint(),
                "llmux.providers.bedrock.first-byte-timeout", "2s",
                "llmux.providers.bedrock.idle-timeout", "2s");
    }

    @AfterAll
    void clearCredentials() {
        propertiesSet.forEach(System::clearProperty);
    }

    private void setIfAbsent(String name, String value) {
        if (System.getProperty(name) == null) {
            System.setProperty(name, value);
            propertiesSet.add(name);
        }
    }

    @Override
    protected String model() {
        return "bedrock/" + MODEL_ID;
    }

    @Override
    protected String providerName() {
        return "bedrock";
    }

    @Override
    protected void assertPlainRequest(RecordedRequest upstream, String userText, boolean stream) {
        assertTrue(upstream.path().endsWith(stream ? "/converse-stream" : "/converse"), upstream.path());
        assertEquals(MODEL_ID, FakeBedrockServer.modelOf(upstream));
        String authorization = upstream.header("Authorization").orElse("");
        assertTrue(authorization.startsWith("AWS4-HMAC-SHA256 Credential=" + System.getProperty("aws.accessKeyId") + "/"), authorization);
        assertTrue(authorization.contains("/us-east-1/bedrock/aws4_request"), authorization);
        JsonNode body = upstream.json();
        assertEquals(1, body.path("messages").size(), body.toString());
        assertEquals("user", body.at("/messages/0/role").asText());
        assertEquals(userText, body.at("/messages/0/content/0/text").asText());
        assertTrue(body.path("system").isMissingNode(), "no system prompt was given: " + body);
    }

    @Override
    protected void assertConversationRequest(RecordedRequest upstream, String system, List<String> turns) {
        JsonNode body = upstream.json();
        assertEquals(system, body.at("/system/0/text").asText(), body.toString());
        assertTurns(body.path("messages"), 0, turns, "assistant", "/content/0/text");
    }

    @Override
    protected void assertToolRoundTripRequest(RecordedRequest upstream) {
        JsonNode body = upstream.json();
        assertEquals("get_weather", body.at("/toolConfig/tools/0/toolSpec/name").asText(), body.toString());
        assertEquals("Current weather in a city", body.at("/toolConfig/tools/0/toolSpec/description").asText());
        assertEquals("string", body.at("/toolConfig/tools/0/toolSpec/inputSchema/json/properties/city/type").asText());
        assertTrue(body.at("/toolConfig/toolChoice/auto").isObject(), body.toString());
        JsonNode toolUse = body.at("/messages/1/content/0/toolUse");
        assertEquals("assistant", body.at("/messages/1/role").asText());
        assertEquals("call_1", toolUse.path("toolUseId").asText());
        assertEquals("get_weather", toolUse.path("name").asText());
        assertEquals(parse("{\"city\":\"Oslo\"}"), toolUse.path("input"));
        assertEquals("user", body.at("/messages/2/role").asText());
        JsonNode result = body.at("/messages/2/content/0/toolResult");
        assertEquals("call_1", result.path("toolUseId").asText());
        assertEquals("-3 C, snow", result.at("/content/0/text").asText());
    }

    @Override
    protected void assertImageRequest(RecordedRequest upstream, String text) {
        JsonNode content = upstream.json().at("/messages/0/content");
        assertEquals(text, content.at("/0/text").asText());
        assertEquals("png", content.at("/1/image/format").asText(), content.toString());
        assertEquals(IMAGE_DATA_URL.substring(IMAGE_DATA_URL.indexOf(',') + 1), content.at("/1/image/source/bytes").asText());
    }

    @Override
    protected void assertStopAndLimitRequest(RecordedRequest upstream) {
        JsonNode inference = upstream.json().path("inferenceConfig");
        assertEquals("END", inference.at("/stopSequences/0").asText(), inference.toString());
        assertEquals(5, inference.path("maxTokens").asInt());
    }
}
