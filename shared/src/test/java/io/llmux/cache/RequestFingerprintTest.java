package io.llmux.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.json.Json;
import io.llmux.provider.Deployment;
import io.llmux.provider.ModelRouter;
import io.llmux.provider.ProviderRegistry;
import io.llmux.provider.ModelInfo;
import io.llmux.provider.mock.MockProvider;
import io.llmux.tokens.TokenCounter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RequestFingerprintTest {

    private static final String BASE = "{\"model\":\"mock-chat\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":0.5";

    private static final Deployment MOCK = new ModelRouter(new ProviderRegistry(List.of(new MockProvider(new TokenCounter(), Duration.ZERO))))
            .resolve("mock-chat", ModelInfo.Kind.CHAT);

    private static String fingerprint(String tenant, String json) throws Exception {
        return RequestFingerprint.of(tenant, MOCK, (ObjectNode) Json.MAPPER.readTree(json));
    }

    @Test
    void keyOrderAndNumberSpellingDoNotMatter() throws Exception {
        String a = fingerprint("t", BASE + ",\"seed\":1,\"top_p\":1}");
        assertEquals(a, fingerprint("t", "{\"top_p\":1.0,\"seed\":1,\"temperature\":0.50,\"messages\":[{\"content\":\"hi\",\"role\":\"user\"}],\"model\":\"mock-chat\"}"));
        assertTrue(a.matches("[0-9a-f]{64}"), a);
    }

    @ParameterizedTest
    @ValueSource(strings = {",\"stream\":true", ",\"stream_options\":{\"include_usage\":true}", ",\"user\":\"u-42\"",
            ",\"metadata\":{\"run\":\"7\"}", ",\"store\":true", ",\"safety_identifier\":\"s\"", ",\"prompt_cache_key\":\"p\""})
    void fieldsThatCannotChangeTheAnswerAreLeftOut(String extra) throws Exception {
        assertEquals(fingerprint("t", BASE + "}"), fingerprint("t", BASE + extra + "}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {",\"temperature\":0.7", ",\"top_p\":0.9", ",\"seed\":7", ",\"max_tokens\":5", ",\"max_completion_tokens\":5",
            ",\"stop\":[\"x\"]", ",\"n\":2", ",\"presence_penalty\":1", ",\"frequency_penalty\":1", ",\"logit_bias\":{\"50256\":-100}",
            ",\"response_format\":{\"type\":\"json_object\"}", ",\"tool_choice\":\"none\"", ",\"logprobs\":true",
            ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]", ",\"some_future_parameter\":1",
            ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\",\"name\":\"bob\"}]", ",\"messages\":[{\"role\":\"system\",\"content\":\"hi\"}]",
            ",\"messages\":[{\"role\":\"user\",\"content\":\"hi \"}]", ",\"temperature\":null"})
    void everythingElseSplitsTheKey(String change) throws Exception {
        String changed = BASE.replace(",\"temperature\":0.5", "") + (change.startsWith(",\"temperature\"") ? "" : ",\"temperature\":0.5");
        String body = change.startsWith(",\"messages\"")
                ? "{\"model\":\"mock-chat\",\"temperature\":0.5" + change + "}"
                : changed + change + "}";
        assertNotEquals(fingerprint("t", BASE + "}"), fingerprint("t", body), body);
    }

    @Test
    void theTenantIsPartOfTheHash() throws Exception {
        assertNotEquals(fingerprint("ten_a", BASE + "}"), fingerprint("ten_b", BASE + "}"));
    }

    @Test
    void valuesCannotCollideAcrossTypesOrBoundaries() throws Exception {
        assertNotEquals(fingerprint("t", BASE + ",\"x\":\"1\"}"), fingerprint("t", BASE + ",\"x\":1}"));
        assertNotEquals(fingerprint("t", BASE + ",\"x\":[\"ab\",\"c\"]}"), fingerprint("t", BASE + ",\"x\":[\"a\",\"bc\"]}"));
        assertNotEquals(fingerprint("t", BASE + ",\"x\":true}"), fingerprint("t", BASE + ",\"x\":\"true\"}"));
    }
}
