package io.llmux.provider.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmux.error.ErrorType;
import io.llmux.error.GatewayException;
import io.micronaut.core.convert.ConversionService;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.simple.SimpleHttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenAiErrorMapperTest {

    private static final String KEY = "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789";
    private final OpenAiErrorMapper mapper = new OpenAiErrorMapper("openai", KEY);

    private static HttpHeaders headers(Map<String, List<String>> map) {
        SimpleHttpHeaders headers = new SimpleHttpHeaders(ConversionService.SHARED);
        map.forEach((name, values) -> values.forEach(value -> headers.add(name, value)));
        return headers;
    }

    @Test
    void rateLimitKeepsRetryAfter() {
        GatewayException e = mapper.fromStatus(429, headers(Map.of("retry-after", List.of("7"))),
                "{\"error\":{\"message\":\"slow down\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}".getBytes(StandardCharsets.UTF_8), "gpt-4o");
        assertEquals(ErrorType.RATE_LIMITED, e.type());
        assertEquals(Duration.ofSeconds(7), e.retryAfter());
        assertTrue(e.getMessage().contains("openai"));
    }

    @Test
    void authFailuresNeverRepeatTheProvidersMessage() {
        String body = "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + "\",\"code\":\"invalid_api_key\"}}";
        GatewayException e = mapper.fromStatus(401, headers(Map.of()), body.getBytes(StandardCharsets.UTF_8), "gpt-4o");
        assertEquals(502, e.status());
        assertFalse(e.getMessage().contains("sk-"));
    }

    @Test
    void clientErrorsAreRedactedBeforeTheyArePassedOn() {
        String body = "{\"error\":{\"message\":\"bad request for key " + KEY + " and sk-other-1234567890\",\"param\":\"messages\"}}";
        GatewayException e = mapper.fromStatus(400, headers(Map.of()), body.getBytes(StandardCharsets.UTF_8), "gpt-4o");
        assertEquals(400, e.status());
        assertEquals("messages", e.param());
        assertFalse(e.getMessage().contains(KEY));
        assertFalse(e.getMessage().contains("sk-other"));
    }

    @Test
    void serverErrorsAndUnknownModels() {
        assertEquals(502, mapper.fromStatus(503, headers(Map.of()), new byte[0], "gpt-4o").status());
        assertEquals(404, mapper.fromStatus(404, headers(Map.of()), new byte[0], "gpt-9").status());
    }

    @Test
    void aPromptBeyondTheContextWindowKeepsOpenAisCodeForRouting() {
        String body = "{\"error\":{\"message\":\"This model's maximum context length is 128000 tokens. However, your messages"
                + " resulted in 130000 tokens.\",\"type\":\"invalid_request_error\",\"param\":\"messages\","
                + "\"code\":\"context_length_exceeded\"}}";
        GatewayException e = mapper.fromStatus(400, headers(Map.of()), body.getBytes(StandardCharsets.UTF_8), "gpt-4o");
        assertEquals(400, e.status());
        assertEquals("context_length_exceeded", e.code());
        assertEquals("messages", e.param());
        assertEquals(io.llmux.routing.FailureKind.CONTEXT_LENGTH, io.llmux.routing.FailureKind.of(e));
    }

    @Test
    void aCompatibleServerThatSaysItOnlyInWordsGetsTheCodeToo() {
        // vLLM's wording, with no code.
        String body = "{\"error\":{\"message\":\"This model's maximum context length is 8192 tokens. However, you requested"
                + " 9000 tokens (8000 in the messages, 1000 in the completion).\",\"type\":\"BadRequestError\",\"code\":400}}";
        GatewayException e = mapper.fromStatus(400, headers(Map.of()), body.getBytes(StandardCharsets.UTF_8), "llama");
        assertEquals("context_length_exceeded", e.code());
        assertEquals("messages", e.param());
        String other = "{\"error\":{\"message\":\"temperature must be at most 2\",\"code\":null}}";
        assertEquals(null, mapper.fromStatus(400, headers(Map.of()), other.getBytes(StandardCharsets.UTF_8), "llama").code());
    }
}
